"""`keras.export`: model exports (`ExportArchive`; `model.export` dispatches by format here)."""
from .export_archive import ExportArchive
