"""Hostile and ordinary images for the upload tests, built in memory."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def bomb_png(side: int = 12_000) -> bytes:
    """A valid 1-bit PNG of side × side black pixels: about 17 KB on disk,
    gigabytes once decoded and converted. Built row by row, never decoded here."""
    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + (side + 7) // 8)  # filter byte, then the packed pixels
    data = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", data)
        + _chunk(b"IEND", b"")
    )


def bomb_upload(name: str = "bombe.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, bomb_png(), content_type="image/png")


def png_bytes(size=(40, 30), colour=(200, 80, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    return out.getvalue()


def stored_files(commune) -> set:
    """Every file under the commune's media folder (to prove nothing was stored)."""
    from pathlib import Path

    from django.conf import settings

    root = Path(settings.MEDIA_ROOT) / commune.schema_name
    return {path for path in root.rglob("*") if path.is_file()} if root.exists() else set()


BOMB_MESSAGE = "Cette image est trop grande (12\xa0000 × 12\xa0000 pixels) : 40 mégapixels au plus."
