"""Uploaded exercise images: checked by decoding them, then re-encoded.

An upload is refused, with a message for the field, when it is larger than
MAX_BYTES (before anything is decoded), when Pillow does not recognise it as a
PNG, JPEG or WebP image (a renamed text file, a GIF, a PDF), when it claims more
than MAX_PIXELS pixels (a decompression bomb), when it does not decode to the
end (a truncated or corrupt file), or when, upright, it is smaller than
MIN_SIZE (it would show as a blur or a tiny square).

An accepted image is turned the way its EXIF orientation says, converted to
sRGB when it carries a colour profile, and written again as WebP in the sizes
pages use (RENDITIONS), without any metadata: no EXIF (so no GPS position or
camera serial), no XMP, no colour profile. The original is never stored.

Nothing here touches the database or the storage: exercises.services stores
what `image_renditions` returns.
"""

import io
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
# 40 megapixels: more than any phone's photo that fits in 5 MB needs; decoded,
# an RGBA image that large takes 160 MB of memory. Pillow's own limit
# (Image.MAX_IMAGE_PIXELS, about 89 megapixels) stays as it is, for the rest of
# the process.
MAX_PIXELS = 40_000_000
# Pillow's names of the formats people may upload.
ACCEPTED_FORMATS = ("PNG", "JPEG", "WEBP")
ACCEPT_ATTRIBUTE = "image/png,image/jpeg,image/webp,.png,.jpg,.jpeg,.webp"

NOT_AN_IMAGE = "This file is not a PNG, JPEG or WebP image."
DAMAGED = (
    "This image could not be read to the end: the file may be damaged or "
    "incomplete. Save it again from your photo editor and upload the new file."
)
EMPTY = "This file is empty."

# The boxes each rendition fits in (width, height), in pixels. A card shows a
# small photo at most 240 CSS pixels wide and 180 high; the exercise page shows
# it at most 800 wide (its column is narrower on most screens). The "@2x" sizes
# serve screens with two device pixels per CSS pixel. An image is never
# enlarged: a rendition larger than the upload is not made.
RENDITIONS = {
    "card": (240, 180),
    "card_2x": (480, 360),
    "page": (800, 800),
    "page_2x": (1600, 1600),
}
WEBP_QUALITY = 80
# The smallest photo taken, upright (width, height): the card's box, so that a
# card's photo is never enlarged and the page's is at least that large.
MIN_SIZE = RENDITIONS["card"]


@dataclass(frozen=True)
class Rendition:
    content: bytes
    width: int
    height: int


@dataclass(frozen=True)
class Renditions:
    """The upload's size once turned upright, and its encoded renditions (a
    "@2x" one is missing when the upload is too small to give it)."""

    width: int
    height: int
    files: dict[str, Rendition]


def fit(width: int, height: int, box: tuple[int, int]) -> tuple[int, int]:
    """The size of a `width` x `height` image scaled down, never up, to fit in
    `box`, keeping its proportions."""
    scale = min(box[0] / width, box[1] / height, 1)
    return max(1, round(width * scale)), max(1, round(height * scale))


def rendition_sizes(width: int, height: int) -> dict[str, tuple[int, int]]:
    """Each rendition's size for an upright upload of `width` x `height`; a
    "@2x" rendition only where it is larger than its "1x" one."""
    sizes = {name: fit(width, height, box) for name, box in RENDITIONS.items()}
    for name in ("card", "page"):
        if sizes[f"{name}_2x"] == sizes[name]:
            del sizes[f"{name}_2x"]
    return sizes


def _too_large(size: int) -> str:
    return (
        f"This file is {filesizeformat(size)}; an image may be at most "
        f"{filesizeformat(MAX_BYTES)}. Make it smaller (for example, export it "
        "at about 2000 pixels wide) and upload it again."
    )


def _too_many_pixels(width: int = 0, height: int = 0) -> str:
    size = f"is {width:,} x {height:,} pixels" if width else "has too many pixels"
    return (
        f"This image {size}; an image may have at most "
        f"{MAX_PIXELS // 1_000_000} million. Make it smaller (for example, "
        "about 2000 pixels wide) and upload it again."
    )


def _too_small(width: int, height: int) -> str:
    return (
        f"This image is {width:,} x {height:,} pixels; a photo must be at least "
        f"{MIN_SIZE[0]} pixels wide and {MIN_SIZE[1]} high to show clearly. "
        "Upload a larger one (a phone's photo is large enough)."
    )


def _decode(data: bytes) -> Image.Image:
    """The decoded image, or ValidationError with a message for the field."""
    with warnings.catch_warnings():
        # Pillow warns, then refuses, above its own limit: refuse at once.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            # Reads only the header: the format and the claimed size.
            with Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS) as probe:
                width, height = probe.size
                if width * height > MAX_PIXELS:
                    raise ValidationError(_too_many_pixels(width, height), "pixels")
                probe.verify()
            image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ValidationError(_too_many_pixels(), "pixels") from None
        except UnidentifiedImageError:
            raise ValidationError(NOT_AN_IMAGE, "not_an_image") from None
        except (OSError, SyntaxError, ValueError, EOFError):
            raise ValidationError(DAMAGED, "damaged") from None
    if image.format not in ACCEPTED_FORMATS:  # formats= makes this unreachable
        raise ValidationError(NOT_AN_IMAGE, "not_an_image")
    return image


def _to_srgb(image: Image.Image, mode: str) -> Image.Image:
    """`image` in `mode` (RGB or RGBA), its colours converted from its embedded
    profile to sRGB when it has one that works; a broken profile is ignored."""
    profile = image.info.get("icc_profile")
    if profile:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            srgb = ImageCms.createProfile("sRGB")
            if image.mode not in {"RGB", "RGBA", "CMYK", "L"}:
                image = image.convert(mode)
            return ImageCms.profileToProfile(
                image, source, srgb, outputMode=mode if image.mode != "L" else "RGB"
            ).convert(mode)
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass
    if image.mode in {"I;16", "I;16B", "I;16L", "I"}:
        # 16-bit greyscale: scale to 8 bits rather than clip.
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    return image.convert(mode)


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in {"RGBA", "LA", "PA", "La", "RGBa"} or (
        image.mode == "P" and "transparency" in image.info
    )


def _encode(image: Image.Image) -> bytes:
    out = io.BytesIO()
    # Nothing but pixels: exif, xmp and icc_profile are not passed (Pillow's
    # WebP writer adds them only when asked), and image.info is emptied before.
    image.save(out, "WEBP", quality=WEBP_QUALITY, method=4)
    return out.getvalue()


def image_renditions(upload) -> Renditions:
    """Check an uploaded file (a Django UploadedFile, or any file with .size
    and .read()) and make its renditions; ValidationError with a message for
    the field when it is refused."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise ValidationError(_too_large(size), "too_large")
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValidationError(_too_large(size or len(data)), "too_large")
    if not data:
        raise ValidationError(EMPTY, "empty")

    with _decode(data) as decoded:
        upright = ImageOps.exif_transpose(decoded)
        mode = "RGBA" if _has_alpha(upright) else "RGB"
        clean = _to_srgb(upright, mode)
    clean.info = {}
    width, height = clean.size
    if width < MIN_SIZE[0] or height < MIN_SIZE[1]:
        raise ValidationError(_too_small(width, height), "too_small")
    files = {}
    for name, (w, h) in rendition_sizes(width, height).items():
        resized = clean.resize((w, h), Image.Resampling.LANCZOS, reducing_gap=3.0)
        resized.info = {}
        files[name] = Rendition(_encode(resized), w, h)
    return Renditions(width=width, height=height, files=files)
