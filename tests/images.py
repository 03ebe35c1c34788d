"""Image files built with Pillow for the upload tests."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, ImageCms

# Where the test photos were "taken": a GPS position a re-encode must drop.
GPS = {
    ExifTags.GPS.GPSLatitudeRef: "N",
    ExifTags.GPS.GPSLatitude: (51.0, 30.0, 26.0),
    ExifTags.GPS.GPSLongitudeRef: "W",
    ExifTags.GPS.GPSLongitude: (0.0, 7.0, 39.0),
}
CAMERA = "PsoasTestCam serial 0042"


def image_bytes(
    fmt: str = "PNG",
    size: tuple[int, int] = (1200, 900),
    mode: str = "RGB",
    color=(200, 80, 40),
    **save_options,
) -> bytes:
    image = Image.new(mode, size, color)
    out = io.BytesIO()
    image.save(out, fmt, **save_options)
    return out.getvalue()


def two_halves(size: tuple[int, int], left, right, mode: str = "RGB") -> Image.Image:
    """An image whose left half is `left` and right half `right`: where its
    halves end up tells which way it was turned."""
    image = Image.new(mode, size, left)
    image.paste(right, (size[0] // 2, 0, size[0], size[1]))
    return image


def jpeg_with_gps(size: tuple[int, int] = (1200, 900), orientation: int = 1) -> bytes:
    """A JPEG whose EXIF holds a GPS position, the camera's name, an
    orientation, and which carries XMP and an sRGB colour profile too."""
    image = two_halves(size, (220, 30, 30), (30, 30, 220))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = CAMERA
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.IFD.GPSInfo] = GPS
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    image.save(
        out,
        "JPEG",
        exif=exif,
        icc_profile=icc,
        xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        b"<rdf:RDF><rdf:Description>PsoasTestXMP</rdf:Description></rdf:RDF>"
        b"</x:xmpmeta>",
        quality=90,
    )
    return out.getvalue()


def png_bomb(width: int = 30_000, height: int = 30_000) -> bytes:
    """A tiny PNG whose header claims `width` x `height` pixels: a
    decompression bomb's header, without the memory a real one takes."""
    data = image_bytes("PNG", (1, 1), mode="L", color=0)
    ihdr = struct.pack(">II", width, height) + data[24:29]
    chunk = b"IHDR" + ihdr
    patched = (
        struct.pack(">I", len(ihdr)) + chunk + struct.pack(">I", zlib.crc32(chunk))
    )
    return data[:8] + patched + data[8 + 4 + 4 + 13 + 4 :]


def upload(name: str, content: bytes, content_type: str = "image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)
