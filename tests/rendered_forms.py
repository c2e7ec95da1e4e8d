"""Submit a form exactly as the page renders it, the way a browser would.

    form = rendered_form(response, form_id="application_form")
    form["document_declarations-0-state"] = "verified"
    response = client.post(form.action or url, form.data())

Reads the HTML with the standard library's parser: every successful control
of the form (inputs with their values, checked boxes and radios, the selected
options of selects — or a single select's first option, as browsers do —,
textareas), nothing the page does not render. Buttons are left out; name the
one pressed with ``form.data(press="_save")`` (with a form id, also the buttons
elsewhere on the page whose ``form`` attribute names it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

_SKIPPED_TYPES = {"submit", "button", "image", "reset", "file"}


@dataclass
class RenderedForm:
    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    buttons: list[tuple[str, str]] = field(default_factory=list)
    names: set[str] = field(default_factory=set)  # every control's name, also unchecked ones
    choices: dict[str, list[str]] = field(default_factory=dict)  # select name -> option values

    def __setitem__(self, name: str, value) -> None:
        if name not in self.names:
            raise KeyError(f"the page renders no control named {name!r}")
        values = value if isinstance(value, list | tuple) else [value]
        self.fields = [(key, item) for key, item in self.fields if key != name]
        self.fields.extend((name, str(item)) for item in values)

    def __getitem__(self, name: str) -> str:
        for key, value in self.fields:
            if key == name:
                return value
        raise KeyError(name)

    def data(self, press: str | None = None) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for key, value in self.fields:
            out.setdefault(key, []).append(value)
        if press is not None:
            pressed = [item for item in self.buttons if item[0] == press]
            if not pressed:
                raise KeyError(f"the form has no button named {press!r}")
            out[press] = [pressed[0][1]]
        return out


class _Parser(HTMLParser):
    def __init__(self, form_id: str | None, action_contains: str | None):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.action_contains = action_contains
        self.forms: list[RenderedForm] = []
        self.current: RenderedForm | None = None
        self.select: dict | None = None
        self.option: dict | None = None
        self.textarea: dict | None = None
        self.outside_buttons: list[tuple[str, str]] = []

    def _matches(self, attrs: dict) -> bool:
        if self.form_id is not None:
            return attrs.get("id") == self.form_id
        if self.action_contains is not None:
            return self.action_contains in (attrs.get("action") or "")
        return True

    def handle_starttag(self, tag, attrs_list):
        attrs = {key: ("" if value is None else value) for key, value in attrs_list}
        owner = attrs.get("form")
        if tag == "button" and owner and self.form_id == owner and attrs.get("name"):
            # A button elsewhere on the page that sends this form (its form attribute).
            self.outside_buttons.append((attrs["name"], attrs.get("value", "")))
            return
        if tag == "form":
            if self._matches(attrs):
                self.current = RenderedForm(
                    action=attrs.get("action", ""), method=attrs.get("method", "get").lower()
                )
            return
        form = self.current
        if form is None or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            form.names.add(name)
            if kind in ("submit", "image", "button"):
                form.buttons.append((name, attrs.get("value", "")))
            elif kind in _SKIPPED_TYPES:
                return
            elif kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    form.fields.append((name, attrs.get("value", "on")))
            else:
                form.fields.append((name, attrs.get("value", "")))
        elif tag == "button" and name:
            form.names.add(name)
            form.buttons.append((name, attrs.get("value", "")))
        elif tag == "select" and name:
            form.names.add(name)
            self.select = {"name": name, "multiple": "multiple" in attrs, "options": []}
        elif tag == "option" and self.select is not None:
            self.option = {"value": attrs.get("value"), "selected": "selected" in attrs, "text": ""}
        elif tag == "textarea" and name:
            form.names.add(name)
            self.textarea = {"name": name, "text": ""}

    def handle_data(self, data):
        if self.option is not None:
            self.option["text"] += data
        if self.textarea is not None:
            self.textarea["text"] += data

    def handle_endtag(self, tag):
        form = self.current
        if tag == "option" and self.option is not None and self.select is not None:
            option = self.option
            value = option["value"] if option["value"] is not None else option["text"].strip()
            self.select["options"].append((value, option["selected"]))
            self.option = None
        elif tag == "select" and self.select is not None and form is not None:
            options = self.select["options"]
            chosen = [value for value, selected in options if selected]
            if not chosen and options and not self.select["multiple"]:
                chosen = [options[0][0]]
            form.fields.extend((self.select["name"], value) for value in chosen)
            form.choices[self.select["name"]] = [value for value, _selected in options]
            self.select = None
        elif tag == "textarea" and self.textarea is not None and form is not None:
            text = self.textarea["text"]
            form.fields.append((self.textarea["name"], text[1:] if text.startswith("\n") else text))
            self.textarea = None
        elif tag == "form" and form is not None:
            self.forms.append(form)
            self.current = None


def rendered_forms(html: str | bytes, *, action_contains: str | None = None) -> list[RenderedForm]:
    if isinstance(html, bytes):
        html = html.decode()
    parser = _Parser(None, action_contains)
    parser.feed(html)
    return parser.forms


def rendered_form(
    response_or_html, *, form_id: str | None = None, action_contains: str | None = None
) -> RenderedForm:
    """The one form of the page with ``form_id`` (or whose action contains the text)."""
    html = getattr(response_or_html, "content", response_or_html)
    if isinstance(html, bytes):
        html = html.decode()
    parser = _Parser(form_id, action_contains)
    parser.feed(html)
    if len(parser.forms) != 1:
        raise AssertionError(
            f"expected one form (id={form_id!r}, action~{action_contains!r}), "
            f"found {len(parser.forms)}"
        )
    form = parser.forms[0]
    form.buttons.extend(parser.outside_buttons)
    form.names.update(name for name, _value in parser.outside_buttons)
    return form
