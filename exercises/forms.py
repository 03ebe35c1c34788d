from django import forms
from django.core.files.storage import default_storage

from core.admin_ordering import OrderedInlineForm

from . import images, services
from .models import ExerciseImage, Kind
from .models.images import ALT_TEXT_MIN_CHARACTERS


class ExerciseFilterForm(forms.Form):
    q = forms.CharField(
        label="Search",
        max_length=100,
        required=False,
        strip=True,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    kind = forms.ChoiceField(
        label="Kind of exercise",
        choices=[("", "All kinds"), *Kind.choices],
        required=False,
    )


class ExerciseImageForm(OrderedInlineForm):
    """A photo of an exercise in the admin. The upload is checked and made into
    renditions while the form is validated (exercises.images), so a refused
    file gets its message next to the field and nothing is stored; the files
    are written only when the form is saved."""

    image = forms.FileField(
        label="Photo file",
        required=False,
        widget=forms.FileInput(attrs={"accept": images.ACCEPT_ATTRIBUTE}),
        error_messages={"required": "Choose a photo to upload."},
        help_text=f"PNG, JPEG or WebP, at least {images.MIN_SIZE[0]} x "
        f"{images.MIN_SIZE[1]} pixels and at most 5 MB. It is resized for the "
        "pages and saved again without its metadata (no camera details or "
        "location).",
    )

    class Meta:
        model = ExerciseImage
        fields = ["order", "image", "alt_text", "caption"]
        help_texts = {
            "alt_text": "Read out to people who cannot see the photo. Describe "
            "the position it shows in a few words (at least "
            f"{ALT_TEXT_MIN_CHARACTERS} characters), for example \u201cHalf-"
            "kneeling on a cushion, right knee down, pelvis tucked under\u201d, "
            "not \u201cimage of exercise\u201d.",
        }
        # Room to read a whole sentence while writing it (the admin's default
        # text input shows about 20 characters of the 200 allowed).
        widgets = {
            "alt_text": forms.Textarea(attrs={"rows": 2, "cols": 60}),
            "caption": forms.Textarea(attrs={"rows": 2, "cols": 60}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.renditions: images.Renditions | None = None
        if self.instance._state.adding:
            self.fields["image"].required = True
        else:
            self.fields["image"].label = "Replace with"
            self.fields["image"].help_text = (
                "Leave empty to keep the photo. " + self.fields["image"].help_text
            )

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if upload:
            self.renditions = images.image_renditions(upload)
        return upload

    # One line each, whatever the text area held.
    def clean_alt_text(self) -> str:
        return " ".join(self.cleaned_data["alt_text"].split())

    def clean_caption(self) -> str:
        return " ".join(self.cleaned_data["caption"].split())

    def save(self, commit: bool = True):
        replaced: list[str] = []
        written: list[str] = []
        if self.renditions is not None:
            replaced = services.exercise_image_files_attach(
                image=self.instance, renditions=self.renditions
            )
            written = self.instance.file_names()
        try:
            image = super().save(commit=commit)
        except BaseException:
            for name in written:
                default_storage.delete(name)
            raise
        if commit:
            services.exercise_image_files_delete(names=replaced)
        return image

    save.alters_data = True
