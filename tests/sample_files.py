"""Small valid files for tests."""

import io

from pypdf import PdfWriter


def tiny_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def tiny_png(width: int = 350, height: int = 450) -> bytes:
    """A plain PNG of the proportions of a passport photo (35 x 45)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, format="PNG")
    return buffer.getvalue()
