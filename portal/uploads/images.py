"""JPEG and PNG: readable, and not a pixel flood (the size read from the header first)."""

from __future__ import annotations

import io
import logging

from django.core.exceptions import ValidationError
from PIL import Image

from .kinds import IMAGE_INVALID, IMAGE_TOO_MANY_PIXELS, MAX_IMAGE_PIXELS, FileKind

logger = logging.getLogger(__name__)


def _check_image(data: bytes, kind: FileKind) -> None:
    size = _header_size(data, kind)
    if size is None:
        raise _image_invalid(kind)
    _check_pixels(*size)
    try:
        with Image.open(io.BytesIO(data), formats=kind.pillow_formats) as image:
            _check_pixels(*image.size)
            image.verify()
    except ValidationError:
        raise
    except Image.DecompressionBombError as error:
        raise _too_many_pixels(*size) from error
    except Exception as error:  # Pillow raises many kinds on broken input
        raise _image_invalid(kind) from error


def _header_size(data: bytes, kind: FileKind) -> tuple[int, int] | None:
    """Width and height as Pillow reads them from the header, before any pixel is decoded.

    Pillow's own image class of the format (``Image.OPEN``) parses the header
    only; ``Image.open`` would first apply Pillow's decompression-bomb limit,
    which hides the size a message should name.
    """
    Image.init()
    for name in kind.pillow_formats:
        if name not in Image.OPEN:  # a format that is only ever saved (MPO opens as JPEG)
            continue
        factory, _accept = Image.OPEN[name]
        try:
            with factory(io.BytesIO(data), None) as header:
                width, height = header.size
        except Exception:  # noqa: S112  (a header Pillow cannot read: the next format, or None)
            continue
        if width and height:
            return width, height
    return None


def _check_pixels(width: int, height: int) -> None:
    if width * height > MAX_IMAGE_PIXELS:
        raise _too_many_pixels(width, height)


def _too_many_pixels(width: int, height: int) -> ValidationError:
    return ValidationError(
        IMAGE_TOO_MANY_PIXELS,
        code="image_too_many_pixels",
        params={"width": width, "height": height, "limit": MAX_IMAGE_PIXELS // 1_000_000},
    )


def _image_invalid(kind: FileKind) -> ValidationError:
    return ValidationError(IMAGE_INVALID, code="image_invalid", params={"detected": kind.label})
