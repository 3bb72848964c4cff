"""A safetensors file as the recogniser sees it: its header (tensor names, shapes, metadata) read without the
tensors, and two SHA-256 hashes, cached by path, size and modification time.

The format (huggingface/safetensors README, "Format"): 8 bytes little-endian header length N, N bytes of JSON
({name: {dtype, shape, data_offsets}, "__metadata__": {str: str}}), then the tensor bytes. The whole-file hash is
what Hugging Face prints as a file's SHA-256 (its LFS object id); the tensor hash skips the header, so it survives
metadata edits (kohya's `addnet` hash, Civitai's AutoV3: sd-webui modules/hashes.py addnet_hash_safetensors).
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
from dataclasses import dataclass
from typing import Callable

CHUNK = 1 << 22  # 4 MiB reads
MAX_HEADER = 100 << 20  # the format's own limit on the header (100 MB)


@dataclass(frozen=True)
class Header:
    shapes: dict[str, tuple[int, ...]]  # tensor name -> shape
    metadata: dict[str, str]
    length: int  # bytes of JSON after the 8-byte length


def read_header(path: str | os.PathLike) -> Header:
    """The header of a safetensors file; a ValueError naming the file if it is not one."""
    with open(path, "rb") as f:
        raw = f.read(8)
        if len(raw) < 8:
            raise ValueError(f"{os.fspath(path)}: not a safetensors file (shorter than its header length)")
        (length,) = struct.unpack("<Q", raw)
        if length > min(MAX_HEADER, os.fstat(f.fileno()).st_size - 8):
            raise ValueError(f"{os.fspath(path)}: not a safetensors file (header length {length})")
        try:
            header = json.loads(f.read(length))
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            raise ValueError(f"{os.fspath(path)}: not a safetensors file (its header is not JSON: {e})") from e
    if not isinstance(header, dict):
        raise ValueError(f"{os.fspath(path)}: not a safetensors file (its header is not a JSON object)")
    metadata = header.pop("__metadata__", None) or {}
    shapes = {name: tuple(entry["shape"]) for name, entry in header.items()
              if isinstance(entry, dict) and "shape" in entry}
    return Header(shapes, {str(k): str(v) for k, v in metadata.items()}, length)


Progress = Callable[[int, int], None]  # (bytes hashed, bytes in all)


def sha256s(path, header: Header, progress: Progress | None = None) -> tuple[str, str]:
    """(SHA-256 of the whole file, as Hugging Face prints it; SHA-256 of the bytes after the header, the tensors
    alone), in one read of the file."""
    whole, tensors = hashlib.sha256(), hashlib.sha256()
    total, done = os.path.getsize(path), 0
    with open(path, "rb") as f:
        whole.update(f.read(8 + header.length))
        while chunk := f.read(CHUNK):
            whole.update(chunk)
            tensors.update(chunk)
            done += len(chunk)
            if progress is not None:
                progress(done, total)
    return whole.hexdigest(), tensors.hexdigest()


class HashCache:
    """Hashes of files by (path, size, mtime_ns): a file is hashed once until it changes (as sd-webui's
    hashes cache does). Kept in memory, and in `store` (a JSON file) when given."""

    def __init__(self, store: str | os.PathLike | None = None):
        self.store = store
        self.entries: dict[str, dict] = {}
        if store is not None and os.path.isfile(store):
            try:
                with open(store) as f:
                    self.entries = json.load(f)
            except (OSError, json.JSONDecodeError):
                self.entries = {}  # a damaged cache is rebuilt

    def hashes(self, path, header: Header, progress: Progress | None = None) -> tuple[str, str]:
        """(whole-file SHA-256, tensor SHA-256) of `path`."""
        stat = os.stat(path)
        key = os.path.abspath(path)
        entry = self.entries.get(key)
        if entry is None or (entry["size"], entry["mtime_ns"]) != (stat.st_size, stat.st_mtime_ns):
            whole, tensors = sha256s(path, header, progress)
            entry = {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sha256": whole, "tensor_sha256": tensors}
            self.entries[key] = entry
            if self.store is not None:
                with open(self.store, "w") as f:
                    json.dump(self.entries, f)
        return entry["sha256"], entry["tensor_sha256"]
