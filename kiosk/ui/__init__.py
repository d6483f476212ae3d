"""The Qt layer: shows the core's state and turns touches into calls on it."""
