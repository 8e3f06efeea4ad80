"""The design system holds: contrast of its colour pairs, and pages that
take their colours and styles from it rather than by hand."""

import re
from pathlib import Path

import pytest
from django.conf import settings

STATIC = Path(settings.BASE_DIR) / "static"
TEMPLATES = Path(settings.BASE_DIR) / "templates"
TOKENS = STATIC / "css" / "tokens.css"

COLOUR_LITERAL = re.compile(r"#[0-9a-fA-F]{3,8}\b|\brgba?\(|\bhsla?\(")


def tokens():
    """Return each colour token of tokens.css as a hex string."""
    declared = dict(re.findall(r"(--qf-[\w-]+):\s*([^;]+);", TOKENS.read_text()))

    def resolve(value):
        match = re.fullmatch(r"var\((--qf-[\w-]+)\)", value.strip())
        return resolve(declared[match[1]]) if match else value.strip()

    return {name: resolve(value) for name, value in declared.items()}


def luminance(hex_colour):
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground, background):
    lighter, darker = sorted((luminance(foreground), luminance(background)))[::-1]
    return (lighter + 0.05) / (darker + 0.05)


# (foreground, background, minimum): WCAG 2.1 AA, 4.5 for text and 3 for
# the edges of controls.
PAIRS = [
    ("text", "surface", 4.5),
    ("text", "background", 4.5),
    ("text-muted", "surface", 4.5),
    ("text-muted", "background", 4.5),
    ("text-muted", "surface-muted", 4.5),
    ("primary", "surface", 4.5),
    ("primary-hover", "primary-soft", 4.5),
    ("on-primary", "primary", 4.5),
    ("on-primary", "primary-hover", 4.5),
    ("on-primary", "success", 4.5),
    ("on-primary", "danger", 4.5),
    ("info", "info-soft", 4.5),
    ("success", "success-soft", 4.5),
    ("warning", "warning-soft", 4.5),
    ("danger", "danger-soft", 4.5),
    ("danger", "surface", 4.5),
    ("border-strong", "surface", 3),
    ("focus", "surface", 3),
]


@pytest.mark.parametrize(("foreground", "background", "minimum"), PAIRS)
def test_colour_pairs_meet_wcag_contrast(foreground, background, minimum):
    colours = tokens()

    ratio = contrast(
        colours[f"--qf-color-{foreground}"], colours[f"--qf-color-{background}"]
    )

    assert ratio >= minimum, f"{foreground} on {background}: {ratio:.2f}"


@pytest.mark.parametrize(
    "group", ["color", "font-size", "space", "shadow", "duration", "radius"]
)
def test_tokens_cover_each_family(group):
    assert any(name.startswith(f"--qf-{group}-") for name in tokens())


def _styled_files():
    yield from (p for p in (STATIC / "css").rglob("*.css") if p != TOKENS)
    yield from TEMPLATES.rglob("*.html")


@pytest.mark.parametrize("path", list(_styled_files()), ids=lambda p: p.name)
def test_no_colour_is_written_by_hand_outside_the_tokens(path):
    assert not COLOUR_LITERAL.findall(path.read_text())


@pytest.mark.parametrize("path", list(TEMPLATES.rglob("*.html")), ids=lambda p: p.name)
def test_templates_style_nothing_inline(path):
    # The component guide shows each colour token through a custom property.
    styles = re.findall(r'style="([^"]*)"', path.read_text())

    assert all(re.fullmatch(r"--swatch: var\(--qf-[\w-]+\)", s) for s in styles)
