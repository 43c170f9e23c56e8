"""`keras.export`: `Model.export`'s formats (each one a handler in its own package) and
`ExportArchive` (a SavedModel of chosen endpoints)."""
from .export_archive import ExportArchive
from .export_lib import EXPORT_FORMATS, export_model

__all__ = ["EXPORT_FORMATS", "export_model", "ExportArchive"]
