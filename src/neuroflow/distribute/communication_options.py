"""`tf.distribute.experimental.CommunicationOptions`: collective settings a strategy accepts.

The transport here is always MPI; the options are kept for scripts that pass them, and
`timeout_seconds` sets how long a collective waits for its peers.

>>> options = CommunicationOptions(implementation=CommunicationImplementation.AUTO, timeout_seconds=20)
>>> options.timeout_seconds
20
"""
import enum

__all__ = ["CommunicationImplementation", "CommunicationOptions"]


class CommunicationImplementation(enum.Enum):
    AUTO = "AUTO"
    RING = "RING"
    NCCL = "NCCL"


class CommunicationOptions:
    """Args: bytes_per_pack (bucket size, bytes; 0 = default), timeout_seconds (None = default),
    implementation (accepted; MPI is used)."""

    def __init__(self, bytes_per_pack=0, timeout_seconds=None, implementation=CommunicationImplementation.AUTO):
        if bytes_per_pack < 0:
            raise ValueError(f"bytes_per_pack must be non-negative, got {bytes_per_pack}.")
        self.bytes_per_pack = bytes_per_pack
        self.timeout_seconds = timeout_seconds
        self.implementation = implementation
