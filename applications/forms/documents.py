"""The document checklist: for each item, upload now or hand in later (seed 001)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from portal.forms import KernForm
from portal.uploads import MAX_FILES_PER_REQUEST, check_upload

ITEM_OPEN = _("Upload a file for “%(document)s”, or tick “I will hand it in later”.")
TOO_MANY_FILES = _(
    "“%(document)s”: a request can have at most %(limit)d files. Remove a file, or hand in "
    "the rest later."
)
# A file's own problem (portal.uploads), with the document it was chosen for: the
# error summary lists every item of the page, each must say which one it is.
FILE_PROBLEM = _("“%(document)s”: %(problem)s")


def _for_document(requirement, error: ValidationError) -> ValidationError:
    """``error`` of a file, naming the document (``FILE_PROBLEM``)."""
    document = capfirst(str(requirement.label))
    return ValidationError(
        [
            ValidationError(
                FILE_PROBLEM,
                code=item.code,
                params={"document": document, "problem": " ".join(item.messages)},
            )
            for item in error.error_list
        ]
    )


class DocumentsForm(KernForm):
    """One file input and one "later" box per checklist item.

    ``requirements`` is the checklist (applications.rules.required_documents);
    ``existing`` maps a requirement code to the files already uploaded for it.
    """

    def __init__(self, *args, requirements=(), existing=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.requirements = list(requirements)
        self.existing = existing or {}
        for requirement in self.requirements:
            self.fields[f"file_{requirement.code}"] = forms.FileField(
                label=requirement.label,
                required=False,
                help_text=requirement.hint,
                widget=forms.ClearableFileInput(
                    attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}
                ),
            )
            self.fields[f"later_{requirement.code}"] = forms.BooleanField(
                label=_("I will hand it in later"), required=False
            )
        self.checked = {}

    def items(self):
        for requirement in self.requirements:
            yield {
                "requirement": requirement,
                "file": self[f"file_{requirement.code}"],
                "later": self[f"later_{requirement.code}"],
                "uploads": self.existing.get(requirement.code, []),
            }

    def clean(self):
        data = super().clean()
        count = sum(len(files) for files in self.existing.values())
        for requirement in self.requirements:
            name = f"file_{requirement.code}"
            upload = data.get(name)
            if upload:
                try:
                    self.checked[requirement.code] = (upload, check_upload(upload))
                except ValidationError as error:
                    self.add_error(name, _for_document(requirement, error))
                    continue
                count += 1
                if count > MAX_FILES_PER_REQUEST:
                    self.add_error(
                        name,
                        ValidationError(
                            TOO_MANY_FILES,
                            code="too_many_files",
                            params={
                                "limit": MAX_FILES_PER_REQUEST,
                                "document": capfirst(str(requirement.label)),
                            },
                        ),
                    )
                    self.checked.pop(requirement.code, None)
                    continue
            has_file = bool(self.existing.get(requirement.code)) or requirement.code in self.checked
            if not has_file and not data.get(f"later_{requirement.code}"):
                self.add_error(
                    name,
                    ValidationError(
                        ITEM_OPEN,
                        code="open_item",
                        params={"document": capfirst(str(requirement.label))},
                    ),
                )
        return data

    def declarations(self) -> dict[str, str]:
        """Requirement code -> "uploaded" or "later", for a valid form."""
        result = {}
        for requirement in self.requirements:
            uploaded = bool(self.existing.get(requirement.code)) or requirement.code in self.checked
            result[requirement.code] = "uploaded" if uploaded else "later"
        return result
