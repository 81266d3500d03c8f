"""Images (lead, event media, in the article) are checked and published; numbers and dates follow `language`."""

import io
import re

import pytest
from helpers import make_project, write_files
from PIL import Image

from explainer.pipeline import build
from explainer.problems import BuildError


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), "#336699").save(buffer, "PNG")
    return buffer.getvalue()


def with_images(tmp_path):
    root = make_project(tmp_path)
    article = (root / "content/bridge/article.md").read_text()
    article = article.replace("aliases: [bridge-closure]\n", "aliases: [bridge-closure]\nimage: {src: images/bridge.png, "
                              "alt: The closed bridge seen from the east bank, credit: Example Photo Desk}\n")
    article += "\n![Pier 3 with a marked crack](images/pier.png)\n"
    timeline = (root / "content/bridge/timeline.yaml").read_text().replace(
        "  group: inspection\n", "  group: inspection\n  media: {src: images/pier.png, alt: Crack in pier 3, "
                                 "credit: City of Eastbank, caption: The crack inspectors found}\n", 1)
    write_files(root, {"content/bridge/article.md": article, "content/bridge/timeline.yaml": timeline,
                       "content/bridge/images/bridge.png": png(), "content/bridge/images/pier.png": png()})
    return root


def test_images_are_published_with_alt_text_and_credit(tmp_path):
    root = with_images(tmp_path)
    build(root, jobs=1, search=False)
    out = root / "public/bridge"
    assert (out / "images/bridge.png").read_bytes() == png() and (out / "images/pier.png").is_file()
    page = (out / "index.html").read_text()
    assert re.search(r'<img[^>]*src="images/bridge.png"[^>]*alt="The closed bridge seen from the east bank"', page)
    assert "Example Photo Desk" in page and "City of Eastbank" in page and "The crack inspectors found" in page
    assert re.search(r'<img[^>]*src="images/pier.png"[^>]*alt="Pier 3 with a marked crack"', page)


@pytest.mark.parametrize("change, message", [
    (("images/bridge.png", "images/missing.png"), "'image.src': file 'images/missing.png' not found in the story folder"),
    (("images/bridge.png", "../../../etc/passwd.png"), "'image.src': '../../../etc/passwd.png' must be a path inside the story folder"),
    (("(images/pier.png)", "(images/nope.png)"), "'image': file 'images/nope.png' not found in the story folder"),
])
def test_bad_image_paths_are_located_errors(tmp_path, change, message):
    root = with_images(tmp_path)
    article = root / "content/bridge/article.md"
    article.write_text(article.read_text().replace(*change))
    with pytest.raises(BuildError) as caught:
        build(root, jobs=1, search=False)
    assert message in [p.message for p in caught.value.problems], [p.format() for p in caught.value.problems]
    assert all(p.loc.path == "content/bridge/article.md" and p.loc.line > 1 for p in caught.value.problems)


@pytest.mark.parametrize("language, number, date", [
    ("de", "30.000", "4. März 2026"),
    ("fr", "30\u202f000", "4 mars 2026"),
    ("en-GB", "30,000", "4 March 2026"),
])
def test_numbers_and_dates_follow_the_site_language(tmp_path, language, number, date):
    root = make_project(tmp_path)
    site = (root / "site.yaml").read_text().replace("language: en", f"language: {language}")
    write_files(root, {"site.yaml": site})
    build(root, jobs=1, search=False)
    page = (root / "public/bridge/index.html").read_text()
    assert f'lang="{language}"' in page
    assert number in page and date in page
