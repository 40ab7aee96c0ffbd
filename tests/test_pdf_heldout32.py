"""What the eighth 2026-12-07 held-out set showed (docs/library.md, "Eighth held-out set"), as small cases."""
from __future__ import annotations

_JATS = """<article><front><article-meta><title-group><article-title>Tools</article-title></title-group>
</article-meta></front><body><sec><title>Caffe</title>
<p>Caffe is scalable, written in C++ and provides bindings for Python as well as MATLAB.</p>
<p><bold>Pros.</bold><list list-type="bullet"><list-item><p>Easy to deploy;</p></list-item>
<list-item><p>Faster training speed.</p></list-item></list><bold>Cons.</bold><list list-type="bullet">
<list-item><p>No support for distributed training.</p></list-item></list></p></sec>
<sec><title>Torch</title><p>Torch is a scientific computing framework with a powerful deep learning library.</p>
<p><bold>Pros.</bold></p><p><list list-type="bullet"><list-item><p>User friendly;</p></list-item>
<list-item><p>Highly modular.</p></list-item></list><bold>Cons.</bold><list list-type="bullet">
<list-item><p>Less documentation available.</p></list-item></list><fig id="F1"><label>Fig. 1</label>
<caption><p>Relative comparison of the tools.</p></caption></fig></p>
<p><bold>Note.</bold> A paragraph that opens with a label and goes on is a paragraph.</p></sec></body></article>"""


def test_run_in_labels_over_lists_lead_their_list_and_are_no_passages():
    """Springer's Cognitive Computation review (EuropePMC JATS) sets each tool's pros and cons as
    "<p><bold>Pros.</bold><list>…</list><bold>Cons.</bold><list>…</list></p>", or "<p><bold>Pros.</bold></p>"
    before a paragraph that opens with the list: the lists are read as blocks of their own, so 32 passages were
    "Pros.", "Cons." or "Pros.Cons." (the measure's "empty 32") and each list lost the word saying what it lists."""
    from tzqa.ingest.library.jats import read_jats

    texts = [b.text for b in read_jats(_JATS.encode()).blocks]
    assert texts == [
        "Caffe is scalable, written in C++ and provides bindings for Python as well as MATLAB.",
        "Pros. Easy to deploy; Faster training speed.",
        "Cons. No support for distributed training.",
        "Torch is a scientific computing framework with a powerful deep learning library.",
        "Pros. User friendly; Highly modular.",
        "Cons. Less documentation available.",
        "Note. A paragraph that opens with a label and goes on is a paragraph."]
