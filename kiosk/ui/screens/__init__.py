"""One module per patient-facing screen."""
