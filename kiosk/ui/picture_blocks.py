"""Pictures that pages and steps declare, drawn by the kiosk in the theme's palette.

A page asks for a picture in its Markdown: `![](images/room.svg)` (an illustration
listed in `images/images.toml`, whose alt text there is used in every language) or
`![](diagram:course-calendar#preparation)` (a diagram, with where the patient is).
The words of the page still say everything; a picture the pack cannot show is
left out and `kiosk check` says why. Articles get each picture as an image inside
their document (it scrolls with the words); steps show it in a box above or beside
the text (`FittedPicture`), scaled down a little rather than ever cut off.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSize, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QImage,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPixmap,
    QTextDocument,
)
from PySide6.QtWidgets import QSizePolicy, QTextBrowser, QWidget

from kiosk.content import ContentPack
from kiosk.diagrams import DiagramSet, load_diagrams
from kiosk.pictures import Illustration, IllustrationSet, load_illustrations
from kiosk.render import Block, DiagramBlock, ImageBlock, escape
from kiosk.theme import Palette
from kiosk.ui.diagrams import (
    Canvas,
    DiagramWidget,
    IllustrationWidget,
    MarkedDiagramWidget,
    PictureWidget,
    make_picture,
)
from kiosk.ui.host import Host
from kiosk.ui.style import Metrics

SCHEME = "kiosk-picture"
MIN_SCALE = 0.4  # a diagram shrinks at most to this before its box grows instead
# Below this the full diagram's words are too small to read in its box: a diagram that
# has one then shows its compact strip (the whole of it stays in its description).
READABLE_SCALE = 0.85


@dataclass
class PackPictures:
    """A pack's diagrams and illustrations, loaded once per pack (a few small files)."""

    diagrams: DiagramSet
    pictures: IllustrationSet
    by_file: dict[Path, Illustration] = field(default_factory=dict)


_loaded: list[tuple[ContentPack, PackPictures]] = []
_serial = [0]
# Pictures drawn for reading pages, by what they show and how: opening a page again (or
# the same page in the other orientation and back) reuses them instead of drawing again.
_drawn: OrderedDict[tuple[object, ...], tuple[QPixmap, str]] = OrderedDict()
_DRAWN_MAX = 48  # a few MiB: 8 pages x 2 languages x a few sizes


def pack_pictures(pack: ContentPack) -> PackPictures:
    """The pictures of `pack` (cached for the pack object; a reload brings a new one)."""
    if _loaded and _loaded[0][0] is pack:
        return _loaded[0][1]
    _drawn.clear()  # another pack (a reload): its pictures may differ
    languages = pack.languages
    found = PackPictures(load_diagrams(pack.root, languages),
                         load_illustrations(pack.root, languages))
    found.by_file = {p.path.resolve(): p for p in found.pictures.pictures.values()}
    _loaded[:] = [(pack, found)]
    return found


def picture_name(block: Block, pictures: PackPictures) -> tuple[str, str] | None:
    """(name, here) when the block is a picture the kiosk draws, else None."""
    if isinstance(block, DiagramBlock):
        return block.name, block.here
    if isinstance(block, ImageBlock):
        picture = pictures.by_file.get(block.path.resolve())
        return (picture.name, "") if picture is not None else None
    return None


def block_picture(block: Block, pictures: PackPictures) -> PictureWidget | None:
    """A widget for the block's picture with its 'you are here' set, or None."""
    named = picture_name(block, pictures)
    if named is None:
        return None
    name, here = named
    widget = make_picture(name, pictures.diagrams, pictures.pictures)
    if isinstance(widget, MarkedDiagramWidget) and here in widget.diagram.stops():
        widget.set_here(here)
    return widget


def step_picture(blocks: tuple[Block, ...], pictures: PackPictures
                 ) -> tuple[Block, PictureWidget] | None:
    """The first picture a step declares (a step shows one)."""
    for block in blocks:
        widget = block_picture(block, pictures)
        if widget is not None:
            return block, widget
    return None


def words_html(blocks: tuple[Block, ...] | list[Block], pictures: PackPictures) -> str:
    """The blocks' words without the pictures the kiosk draws beside them."""
    return "".join(b.html for b in blocks if picture_name(b, pictures) is None
                   or isinstance(b, DiagramBlock))


def fitted_scale(picture: PictureWidget, width: int, height: int,
                 compact: bool = False) -> float:
    """How far a diagram must shrink to fit `height` at `width` (1.0: not at all)."""
    if height <= 0 or picture.height_at(width, compact) <= height:
        return 1.0
    scale = 1.0
    while scale > MIN_SCALE:
        scale = round(scale - 0.05, 2)
        if scale * picture.height_at(int(width / scale), compact) <= height:
            break
    return scale


GROWN = (1.6, 1.5, 1.4, 1.3, 1.25, 1.2, 1.15, 1.1, 1.05)  # how much larger a diagram may be drawn


def grown_scale(picture: PictureWidget, width: int, height: int, compact: bool,
                most: float) -> float:
    """The largest scale up to `most` at which the diagram, drawn narrower and magnified,
    still fits `height` with nothing cut off (1.0: none): a box with room to spare
    shows a larger picture rather than a bare band below it."""
    if height <= 0 or not isinstance(picture, DiagramWidget):
        return 1.0
    for grow in (g for g in GROWN if g <= most):
        inner = int(width / grow)
        if grow * picture.height_at(inner, compact) > height:
            continue
        was, picture.compact = picture.compact, compact and picture.can_compact
        try:
            whole = not picture.measure(inner)[1]
        finally:
            picture.compact = was
        if whole:
            return grow
    return 1.0


def fitted_layout(picture: PictureWidget, width: int, height: int) -> tuple[bool, float]:
    """(compact, scale): the full diagram when it stays readable in the box (up to 1.3x
    where the box has room), else its compact strip when that is drawn larger (up to
    1.6x where the box has room: the one-line strip stays small otherwise)."""
    full = fitted_scale(picture, width, height)
    if full >= READABLE_SCALE or not picture.can_compact:
        if full == 1.0:
            return False, grown_scale(picture, width, height, False, 1.3)
        return False, full
    strip = fitted_scale(picture, width, height, compact=True)
    if strip < full:
        return False, full
    if strip == 1.0:  # room to spare: a larger strip, not an empty box
        return True, grown_scale(picture, width, height, True, 1.6)
    return True, strip


class FittedPicture(QWidget):
    """One picture in a box of at most `max_height`: a diagram is scaled down (to 40%),
    an illustration keeps its aspect; either way nothing is cut off."""

    # An illustration's panel may be this much taller than the drawing, its own wall
    # colour above it, where its box has room (a landscape step's tall picture column):
    # the panel then spans the column instead of leaving a bare band under it.
    TALLER = 1.35
    CORNER = 28 / 800  # the illustrations' corner radius: rx 28 on their 800-wide backdrop

    def __init__(self, picture: PictureWidget) -> None:
        super().__init__()
        self.picture = picture
        self.max_height = 0
        self.taller = 1.0  # up to TALLER where the screen asks for it (StepsScreen)
        # An illustration narrower than its box (its height capped) fills the box's width,
        # its own edges carried out sideways (StepsScreen in portrait), not a card round it.
        self.wider = False
        # Always the compact strip (StepsScreen: the session day in portrait, where the
        # words' length would otherwise pick the strip on one step, the list on the next).
        self.strip = False
        self._panel: tuple[tuple[int, int], tuple[QImage, QImage, QColor]] | None = None
        self.overflow: list[str] = []
        self.setObjectName(f"stepPicture-{picture.objectName()}")
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def configure(self, palette: Palette, metrics: Metrics, lang: str, max_height: int) -> None:
        """Theme, language and room; unchanged ones keep the picture's measured layout."""
        picture = self.picture
        if picture.palette_ != palette or picture.metrics != metrics:
            picture.set_theme(palette, metrics)
        if picture.lang != lang:
            picture.set_language(lang)
        self.max_height = max_height
        if isinstance(picture, IllustrationWidget) and picture.max_height != max_height:
            picture.set_max_height(max_height)
        self.setAccessibleName(self.picture.accessibleName())
        self.setAccessibleDescription(self.picture.accessibleDescription())
        self.updateGeometry()
        self.update()

    @property
    def pad(self) -> int:
        """A diagram sits on a card (illustrations bring their own backdrop)."""
        return 0 if isinstance(self.picture, IllustrationWidget) else \
            self.picture.metrics.px(20)

    def scale(self, width: int) -> float:
        """The diagram's scale at `width`; switches it to its compact strip when that
        is what stays readable in the box."""
        if isinstance(self.picture, IllustrationWidget):
            return 1.0
        inner, room = width - 2 * self.pad, self.max_height - 2 * self.pad
        if self.strip and self.picture.can_compact:
            scale = fitted_scale(self.picture, inner, room, compact=True)
            compact, scale = True, (grown_scale(self.picture, inner, room, True, 1.6)
                                    if scale == 1.0 else scale)
        else:
            compact, scale = fitted_layout(self.picture, inner, room)
        self.picture.set_compact(compact)
        return scale

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt API)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt API)
        if isinstance(self.picture, IllustrationWidget):
            drawing = self.picture.heightForWidth(width)
            if self.picture.framed(width, drawing)[0]:
                # Wider: exactly the drawing's height (its panel ends where it does).
                return self.picture.fit(width, drawing).height() if self.wider else drawing
            room = self.max_height or drawing
            return max(drawing, min(room, int(drawing * self.taller)))
        scale, inner = self.scale(width), width - 2 * self.pad
        return int(scale * self.picture.heightForWidth(int(inner / scale)) + 0.999) \
            + 2 * self.pad

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        width = max(self.width(), 320)
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(0, 0)

    def card(self, painter: QPainter, palette: Palette, metrics: Metrics) -> None:
        """The box a picture sits on: the theme's card colour and border."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(palette.border), metrics.px(2)))
        painter.setBrush(QColor(palette.surface))
        line = metrics.px(2) / 2
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(line, line, -line, -line),
                                metrics.px(16), metrics.px(16))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        if isinstance(self.picture, IllustrationWidget):
            self._paint_illustration(self.picture)
            return
        scale, pad = self.scale(self.width()), self.pad
        palette, metrics = self.picture.palette_, self.picture.metrics
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        self.card(painter, palette, metrics)
        painter.translate(pad, pad)
        painter.scale(scale, scale)
        canvas = Canvas(painter, palette, metrics)
        used = self.picture.draw(canvas, (self.width() - 2 * pad) / scale) * scale + 2 * pad
        painter.end()
        self.overflow = list(canvas.overflow)
        if used > self.height() + 1:
            self.overflow.append(f"picture needs {used:.0f} px high, has {self.height()}")

    def _paint_illustration(self, drawing: IllustrationWidget) -> None:
        """The drawing, on a panel as large as this box where the screen asks for one
        (`taller`, `wider`): the panel continues the drawing's own edges, so panel and
        drawing read as one picture; else framed on a card when narrower than its box."""
        height = drawing.heightForWidth(self.width())
        painter = QPainter(self)
        framed, size = drawing.framed(self.width(), height)
        if framed and self.wider:
            size = drawing.fit(self.width(), height)
        pixmap = drawing.pixmap(size.width(), size.height())
        wall = self.height() - size.height()
        side = (self.width() - size.width()) / 2
        if (not framed and wall > 1) or (framed and self.wider and side > 1):
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            radius = size.width() * self.CORNER  # the drawing's own corners
            clip = QPainterPath()
            clip.addRoundedRect(QRectF(0, 0, self.width(), max(self.height(), size.height())
                                       if wall > 1 else size.height()), radius, radius)
            painter.setClipPath(clip)
            # Each row's outermost colour carried out to the panel's sides, under the
            # drawing's own edges and rounded corners too (no notch, no ghost corner).
            reach = int(side + radius) + 2
            top = max(wall, 0)
            bands = self._bands(pixmap, reach)
            if wall > 1:  # taller: the drawing's wall colour above it
                painter.fillRect(QRectF(0, 0, self.width(), top + radius), bands[2])
            painter.drawImage(QPointF(0, top), bands[0])
            painter.drawImage(QPointF(self.width() - reach, top), bands[1])
            # The drawing without its own corners where the panel goes on past them
            # (their antialiased arcs would show as faint rings inside the panel).
            drawn = QRectF(side, top, size.width(), size.height())
            keep = QPainterPath()
            keep.addRect(drawn)
            corners = [drawn.topLeft(), QPointF(drawn.right() - radius, drawn.top())]
            if wall <= 1:
                corners += [QPointF(drawn.left(), drawn.bottom() - radius),
                            drawn.bottomRight() - QPointF(radius, radius)]
            for corner in corners:
                square = QPainterPath()
                square.addRect(QRectF(corner, QSizeF(radius, radius)))
                keep = keep.subtracted(square)
            painter.setClipPath(keep, Qt.ClipOperation.IntersectClip)
            painter.drawPixmap(drawn.topLeft(), pixmap)
            painter.end()
            self.overflow = []
            return
        if framed:
            # Narrower than its place (height capped): framed on a card in the theme's
            # own colours, as diagrams are; never a box of another colour (the old
            # pale letterbox round a dark high-contrast picture).
            self.card(painter, drawing.palette_, drawing.metrics)
            painter.drawPixmap(QPointF((self.width() - size.width()) / 2,
                                       (height - size.height()) / 2), pixmap)
        else:
            painter.drawPixmap(QPointF(0, 0), pixmap)
        painter.end()
        self.overflow = [] if height <= self.height() + 1 else [
            f"picture needs {height} px high, has {self.height()}"]

    def _bands(self, pixmap: QPixmap, reach: int) -> tuple[QImage, QImage, QColor]:
        """The panel's sides (`reach` px wide) and its wall colour, worked out once per
        drawn size: a repaint then only draws them."""
        key = (pixmap.cacheKey(), reach)
        if self._panel is None or self._panel[0] != key:
            image = pixmap.toImage()
            sides = []
            for left in (True, False):  # stretched by whole pixels: no half-row shift
                band = _edge_column(image, left).scaled(
                    reach, image.height(), Qt.AspectRatioMode.IgnoreAspectRatio,
                    Qt.TransformationMode.FastTransformation)
                band.setDevicePixelRatio(image.devicePixelRatio())
                sides.append(band)
            self._panel = (key, (sides[0], sides[1],
                                 image.pixelColor(image.width() // 2, 2)))
        return self._panel[1]


def _edge_column(image: QImage, left: bool) -> QImage:
    """A 1-px column: each row's first opaque pixel from the left (or right) edge, so the
    drawing's rounded corners are not carried out as transparent notches."""
    column = QImage(1, image.height(), QImage.Format.Format_ARGB32)
    # Two pixels in from the edge: the outermost ones are half-covered by antialiasing.
    xs = range(2, image.width()) if left else range(image.width() - 3, -1, -1)
    for y in range(image.height()):
        colour = QColor(Qt.GlobalColor.transparent)
        for x in xs:
            found = image.pixelColor(x, y)
            if found.alpha() == 255:
                colour = found
                break
        column.setPixelColor(0, y, colour)
    return column


def render_picture(widget: PictureWidget, width: int, palette: Palette, metrics: Metrics,
                   lang: str) -> QPixmap:
    """The picture as a pixmap `width` px wide (for a document that flows text round it)."""
    widget.set_theme(palette, metrics)
    widget.set_language(lang)
    height = widget.heightForWidth(width)
    pixmap = QPixmap(QSize(width, height))
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    if isinstance(widget, DiagramWidget):
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        widget.draw(Canvas(painter, palette, metrics), width)
    elif isinstance(widget, IllustrationWidget):  # transparent corners: the page shows
        painter.drawPixmap(0, 0, widget.pixmap(width, height))
    painter.end()
    return pixmap


def document_html(browser: QTextBrowser, pack: ContentPack, blocks: list[Block],
                  palette: Palette, metrics: Metrics, lang: str, width: int) -> str:
    """The page's blocks as one document, each picture drawn as an image resource in it.

    Call before `setHtml`; the words of the page are all still there (alt text of a
    diagram stays as its caption)."""
    pictures = pack_pictures(pack)
    document = browser.document()
    document.clear()  # drops the last page's pictures (setHtml alone keeps them)
    parts: list[str] = []
    for index, block in enumerate(blocks):
        named = picture_name(block, pictures)
        if named is None:
            parts.append(block.html)
            continue
        key = (*named, max(320, width), palette, metrics, lang)
        if key in _drawn:
            _drawn.move_to_end(key)
        else:
            widget = block_picture(block, pictures)
            assert widget is not None
            pixmap = render_picture(widget, max(320, width), palette, metrics, lang)
            _drawn[key] = (pixmap, widget.accessibleDescription() or widget.accessibleName())
            widget.deleteLater()
            while len(_drawn) > _DRAWN_MAX:
                _drawn.popitem(last=False)
        pixmap, described = _drawn[key]
        _serial[0] += 1  # a new name each time: the view never shows a stale size
        url = QUrl(f"{SCHEME}:{_serial[0]}-{index}")
        document.addResource(QTextDocument.ResourceType.ImageResource, url, pixmap)
        alt = escape(described)
        # line-height 100%: the page's 140% would add 40% of the picture's height below it.
        parts.append(f'<p align="center" style="line-height: 100%;"><img '
                     f'src="{url.toString()}" width="{pixmap.width()}" '
                     f'height="{pixmap.height()}" alt="{alt}" /></p>')
        if isinstance(block, DiagramBlock) and block.alt:
            parts.append(block.html)
    return "".join(parts)


def text_width(browser: QTextBrowser) -> int:
    """The width the view's text will have once shown. A screen is redrawn before it is
    laid out, so its view may still have another orientation's size: work it out from
    the window (screens are as wide as it), as ReaderView centres its text."""
    screen = browser.parentWidget()
    while screen is not None and not screen.property("screen"):
        screen = screen.parentWidget()
    layout = screen.layout() if screen is not None else None
    width = browser.width()
    if layout is not None:
        margins = layout.contentsMargins()
        width = browser.window().width() - margins.left() - margins.right()
    browser.ensurePolished()
    frame = browser.width() - browser.contentsRect().width()  # the style's padding, border
    bar = browser.verticalScrollBar().sizeHint().width()
    limit = getattr(browser, "max_text", 0)
    side = max(0, (width - limit - bar) // 2) if limit else 0
    return int(width - frame - bar - 2 * side - 2 * browser.document().documentMargin())


def page_html(browser: QTextBrowser, host: Host, blocks: list[Block]) -> str:
    """A reading screen's document: its blocks with pictures drawn at the text's width."""
    m = host.metrics
    # The view's final width is estimated before layout (text_width); keep a margin so a
    # few pixels of error never cut a picture off.
    width = text_width(browser) - m.px(24)
    return document_html(browser, host.pack, blocks, host.colours, m, host.session.language,
                         width)


def drawn_pictures(browser: QTextBrowser) -> list[tuple[int, int, int]]:
    """(top, width, height) in document pixels of each kiosk picture in a reading view; the
    self-test scrolls to each one and checks it is drawn whole."""
    document = browser.document()
    layout = document.documentLayout()
    found: list[tuple[int, int, int]] = []
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            image = fragment.charFormat().toImageFormat()
            if fragment.isValid() and image.isValid() and image.name().startswith(SCHEME):
                top = int(layout.blockBoundingRect(block).top())
                found.append((top, int(image.width()), int(image.height())))
            it += 1
        block = block.next()
    return found
