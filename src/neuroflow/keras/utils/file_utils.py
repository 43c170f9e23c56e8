"""`get_file`: download a file once, verify it, keep it in the Keras cache.

Files live in `~/.keras/<cache_subdir>/` (or `$KERAS_HOME/<cache_subdir>/`), as in Keras.
A download goes to a temporary file beside its target and is renamed into place only
once it is complete and its hash checks out, so an interrupted or corrupted download
never leaves a half file in the cache.

>>> import os, tempfile
>>> from neuroflow.keras.utils import get_file
>>> home = tempfile.mkdtemp()
>>> with open(os.path.join(home, "hello.txt"), "w") as f:
...     _ = f.write("hello")
>>> path = get_file(origin="file://" + os.path.join(home, "hello.txt"), cache_dir=home,
...                 file_hash="2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")
Downloading data from file://...hello.txt
...
>>> open(path).read()
'hello'
"""
import hashlib
import os
import shutil
import tarfile
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import warnings
import zipfile

from .progbar import Progbar

__all__ = ["get_file", "hash_file", "validate_file", "cache_path"]


def _keras_home():
    return os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")


def cache_path(fname, cache_subdir="datasets", cache_dir=None):
    """Where `get_file` keeps `fname`: `<cache_dir or $KERAS_HOME or ~/.keras>/<cache_subdir>/<fname>`.

    Falls back to `/tmp/.keras` when the cache directory is not writable, as Keras does.
    """
    base = os.path.expanduser(cache_dir or _keras_home())
    if os.path.isdir(base) and not os.access(base, os.W_OK):
        base = os.path.join(tempfile.gettempdir(), ".keras")
    return os.path.join(base, cache_subdir, fname)


def _hasher(algorithm, file_hash=None):
    if algorithm == "sha256" or (algorithm == "auto" and file_hash is not None and len(file_hash) == 64):
        return hashlib.sha256()
    if algorithm in ("md5", "auto"):
        return hashlib.md5()
    raise ValueError(f"get_file: unknown hash_algorithm={algorithm!r}. Use 'sha256', 'md5' or 'auto'.")


def hash_file(fpath, algorithm="sha256", chunk_size=65535):
    """The sha256 (or md5) hex digest of the file at `fpath`."""
    hasher = _hasher(algorithm) if isinstance(algorithm, str) else algorithm
    with open(fpath, "rb") as f:
        for chunk in iter(lambda: f.read(chunk_size), b""):
            hasher.update(chunk)
    return hasher.hexdigest()


def validate_file(fpath, file_hash, algorithm="auto", chunk_size=65535):
    """Whether the file at `fpath` has the hash `file_hash` (sha256 or md5, chosen by its length)."""
    return hash_file(fpath, _hasher(algorithm, file_hash), chunk_size) == str(file_hash)


def _download(origin, target, file_hash, hash_algorithm):
    """Fetches `origin` into a temporary file, checks it, then renames it to `target`."""
    print(f"Downloading data from {origin}", flush=True)
    handle, partial = tempfile.mkstemp(dir=os.path.dirname(target), prefix=".download-")
    os.close(handle)
    bar = None

    def report(blocks, block_size, total_size):
        nonlocal bar
        if bar is None:
            bar = Progbar(total_size if total_size > 0 else None)
        done = blocks * block_size
        bar.update(min(done, total_size) if total_size > 0 else done)

    try:
        try:
            urllib.request.urlretrieve(origin, partial, report)
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", None) or error
            code = getattr(error, "code", None)
            raise OSError(
                f"URL fetch failure on {origin}: {code} -- {reason}. No usable copy is cached at "
                f"{target}. Connect to the internet and retry, or put the file there yourself "
                "(set KERAS_HOME to use another cache directory).") from None
        if file_hash is not None and not validate_file(partial, file_hash, hash_algorithm):
            raise ValueError(
                f"Incomplete or corrupted file detected. The {hash_algorithm} file hash does not match "
                f"the provided value of {file_hash}. The download from {origin} was discarded.")
        os.replace(partial, target)
    finally:
        if os.path.exists(partial):
            os.remove(partial)


def _inside(base, path):
    return os.path.commonpath([os.path.realpath(path), base]) == base


def _unsafe_member(member, base):
    """Why extracting `member` (a TarInfo or ZipInfo) into `base` would be unsafe, or None."""
    name = member.name if isinstance(member, tarfile.TarInfo) else member.filename
    if os.path.isabs(name) or name.startswith(("/", "\\")):
        return f"member {name!r} has an absolute path"
    destination = os.path.join(base, name)
    if not _inside(base, destination):
        return f"member {name!r} would be written outside the target folder (it climbs out with '..')"
    if isinstance(member, tarfile.TarInfo):
        if member.issym() or member.islnk():
            start = os.path.dirname(destination) if member.issym() else base
            if os.path.isabs(member.linkname) or not _inside(base, os.path.join(start, member.linkname)):
                return f"link {name!r} points outside the target folder (to {member.linkname!r})"
        elif not (member.isfile() or member.isdir()):
            return f"member {name!r} is a device, FIFO or other special file"
    return None


def _safe_extract(archive, kind, directory):
    """Extracts a tar or zip archive into `directory` only if no member can escape it."""
    base = os.path.realpath(directory)
    with (tarfile.open if kind == "tar" else zipfile.ZipFile)(archive) as opened:
        members = opened.getmembers() if kind == "tar" else opened.infolist()
        for member in members:
            reason = _unsafe_member(member, base)
            if reason:
                raise ValueError(
                    f"get_file: refusing to extract {archive}: {reason}. Archive members must stay "
                    f"inside {directory}; nothing was extracted. Do not use this archive.")
        if kind == "tar":
            opened.extractall(directory, members=members, filter="data")
        else:
            opened.extractall(directory, members=members)


def _extract(archive, directory, archive_format):
    """Extracts `archive` (tar or zip, per `archive_format`) to `directory`, all at once.

    Members are checked first (no absolute paths, no `..` escapes, no links pointing out of the
    folder, no device files), then extracted into a temporary folder beside `directory` that is
    renamed into place, so `directory` never holds half an archive. Returns False when the file
    is not an archive of an accepted format.
    """
    formats = ["tar", "zip"] if archive_format == "auto" else [archive_format] if archive_format else []
    is_archive = {"tar": tarfile.is_tarfile, "zip": zipfile.is_zipfile}
    kind = next((kind for kind in formats if is_archive[kind](archive)), None)
    if kind is None:
        return False
    parent = os.path.dirname(os.path.abspath(directory))
    staging = tempfile.mkdtemp(dir=parent, prefix=f".{os.path.basename(directory)}-")
    try:
        _safe_extract(archive, kind, staging)
        if os.path.isdir(directory):
            shutil.rmtree(directory)
        os.replace(staging, directory)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return True


def get_file(fname=None, origin=None, untar=False, md5_hash=None, file_hash=None,
             cache_subdir="datasets", hash_algorithm="auto", extract=False, archive_format="auto",
             cache_dir=None, force_download=False):
    """Downloads a file from a URL unless it is already in the cache; returns its local path.

    Args:
        fname: the local file name (default: the last part of `origin`'s path).
        origin: the URL to download from.
        untar: deprecated; same as `extract=True, archive_format="tar"`.
        md5_hash: deprecated; an md5 `file_hash`.
        file_hash: the expected sha256 (or md5) hash. A cached file that does not match
            is downloaded again; a download that does not match raises ValueError.
        cache_subdir: the sub-directory of the cache (or an absolute directory).
        hash_algorithm: "sha256", "md5" or "auto" (chosen by the length of `file_hash`).
        extract: extract a tar or zip archive and return the extraction directory. Archives
            whose members would land outside that directory (absolute paths, `..`, links
            pointing out, device files) are refused with ValueError before anything is written.
        archive_format: "auto", "tar", "zip" or None.
        cache_dir: the cache root (default `$KERAS_HOME` or `~/.keras`).
        force_download: download even when a cached copy exists.

    Returns:
        The path to the file (or to the extracted directory).
    """
    if origin is None:
        raise ValueError('Please specify the "origin" argument (URL of the file to download).')
    if md5_hash is not None and file_hash is None:
        file_hash, hash_algorithm = md5_hash, "md5"
    provided = bool(fname)
    fname = os.fspath(fname) if fname else os.path.basename(urllib.parse.urlsplit(origin).path)
    if not fname:
        raise ValueError(f"Can't parse the file name from the origin provided: '{origin}'. "
                         "Please specify the `fname` argument.")
    if os.sep in fname:
        raise ValueError("Paths are no longer accepted as the `fname` argument. To specify the file's "
                         f"parent directory, use the `cache_dir` argument. Received: fname={fname}")
    if extract or untar:  # Keras' layout: an archive file and the directory it unpacks into
        if provided and "." in fname:
            target = cache_path(fname, cache_subdir, cache_dir)
            extraction_dir = os.path.join(os.path.dirname(target), fname.split(".", 1)[0] + "_extracted")
        else:
            target = cache_path(f"{fname}_archive", cache_subdir, cache_dir)
            extraction_dir = os.path.join(os.path.dirname(target), fname)
    else:
        target = cache_path(fname, cache_subdir, cache_dir)
    os.makedirs(os.path.dirname(target), exist_ok=True)

    download = force_download or not os.path.exists(target)
    if not download and file_hash is not None and not validate_file(target, file_hash, hash_algorithm):
        print(f"A local file was found, but it seems to be incomplete or outdated because the "
              f"{hash_algorithm} file hash does not match the original value of {file_hash} so we will "
              "re-download the data.", flush=True)
        download = True
    if download:
        _download(origin, target, file_hash, hash_algorithm)

    if extract or untar:  # extracted again only after a download, or when the folder is missing
        if (download or not os.path.isdir(extraction_dir)) and \
                not _extract(target, extraction_dir, "tar" if untar else archive_format):
            warnings.warn("Could not extract archive.", stacklevel=2)
        return extraction_dir
    return target
