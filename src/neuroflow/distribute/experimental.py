"""`tf.distribute.experimental`: the TF 2.x names (re-exports)."""
from .communication_options import CommunicationImplementation, CommunicationOptions  # noqa: F401
from .input_context import ValueContext  # noqa: F401
from .mirrored_strategy import MultiWorkerMirroredStrategy  # noqa: F401

CollectiveCommunication = CommunicationImplementation  # the TF 2.3 name
