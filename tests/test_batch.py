"""``tzqa add`` with many sources: several files, folders, zips (and malicious ones), PMC and PubMed XML
sets, JSON lines and RIS/BibTeX/MEDLINE exports (fetched on recorded Europe PMC responses, never the
network). The index is never built here except where one build per batch is the point, and then the
build is counted, not run.
"""
from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import httpx
import pytest
from library_fixtures import JATS_DOI, jats_article
from typer.testing import CliRunner

from tzqa.cli.main import app
from tzqa.index.library import add_many
from tzqa.ingest import fetch
from tzqa.ingest.library import archive, exports
from tzqa.ingest.library.folder import documents, library_dir, load_document

ROOT = Path(__file__).resolve().parents[1]
EPMC = Path(__file__).parent / "data" / "europepmc"
runner = CliRunner()


@pytest.fixture()
def corpus(tmp_path) -> Path:
    dest = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", dest, ignore=shutil.ignore_patterns("references", "library"))
    return dest


@pytest.fixture()
def builds(monkeypatch) -> list[Path]:
    """Each index build asked for (its corpus folder); the build itself is not run."""
    import tzqa.index.build as build_mod

    calls: list[Path] = []

    def fake(root=None, directory=None, **_):  # type: ignore[no-untyped-def]
        calls.append(directory)
        return build_mod.BuildReport(folder=Path("."), passages=1, embedded=1, reused=0, seconds=0.0,
                                     encode_seconds=0.0)

    monkeypatch.setattr(build_mod, "build_index", fake)
    return calls


def jats(i: int) -> bytes:
    """The fixture JATS article with its own PMCID, PMID and DOI, so many can be added side by side."""
    return (jats_article().replace(b"PMC9900001", f"PMC99100{i:02d}".encode())
            .replace(b"99000001", f"991000{i:02d}".encode()).replace(JATS_DOI.encode(), f"10.99999/batch.{i}".encode()))


def _body(xml: bytes) -> bytes:
    """An article without its XML declaration and DOCTYPE, to be put inside a set."""
    return re.sub(rb"<\?xml[^>]*\?>\s*|<!DOCTYPE[^>]*>\s*", b"", xml)


def ids(corpus: Path) -> set[str]:
    return {r.id for r in documents(corpus)}


def nothing_half_written(corpus: Path) -> bool:
    root = library_dir(corpus)
    return not root.exists() or not any(p.name.startswith(".") for p in root.iterdir())


def add(corpus: Path, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["add", *args, "--no-build", "--corpus", str(corpus)])


# -- files and folders ------------------------------------------------------------------------------
def test_several_files_in_one_call(corpus, tmp_path, builds):
    files = []
    for i in (1, 2):
        f = tmp_path / f"a{i}.xml"
        f.write_bytes(jats(i))
        files.append(str(f))
    note = tmp_path / "note.md"
    note.write_text("# A note\n\n## Results\n\nThe serum marker fell after treatment in every patient.\n")
    res = add(corpus, *files, str(note))
    assert res.exit_code == 0, res.output
    assert ids(corpus) == {"pmc9910001", "pmc9910002", "note"}
    assert "3 added, 0 refused, 0 skipped" in res.output and "run `tzqa build` to index them" in res.output
    assert builds == []  # --no-build
    assert load_document(library_dir(corpus) / "pmc9910002").record.doi == "10.99999/batch.2"


def test_folder_is_searched_recursively_and_skips_are_reported(corpus, tmp_path):
    src = tmp_path / "papers"
    (src / "deep" / "deeper").mkdir(parents=True)
    (src / ".git").mkdir()
    (src / "one.xml").write_bytes(jats(1))
    (src / "deep" / "deeper" / "two.xml").write_bytes(jats(2))
    (src / "deep" / "figure.png").write_bytes(b"\x89PNG")
    (src / ".DS_Store").write_bytes(b"\0")
    (src / ".git" / "three.xml").write_bytes(jats(3))  # hidden folders are not searched
    res = runner.invoke(app, ["add", str(src), "--no-build", "--json", "--corpus", str(corpus)])
    assert res.exit_code == 0, res.output
    report = json.loads(res.stdout)
    assert ids(corpus) == {"pmc9910001", "pmc9910002"}
    skipped = {Path(e["source"]).name: e["reason"] for e in report["entries"] if e["status"] == "skipped"}
    assert set(skipped) == {"figure.png", ".DS_Store"} and "not a document type" in skipped["figure.png"]


def test_a_refused_file_leaves_nothing_and_the_rest_go_on(corpus, tmp_path):
    good, bad, empty = tmp_path / "good.xml", tmp_path / "broken.pdf", tmp_path / "empty.txt"
    good.write_bytes(jats(1))
    bad.write_bytes(b"%PDF-1.7\nnot really a pdf")
    empty.write_text("")
    res = add(corpus, str(bad), str(good), str(empty), str(tmp_path / "missing.pdf"))
    assert res.exit_code == 1, res.output  # some added, some refused
    assert ids(corpus) == {"pmc9910001"}
    assert [p.name for p in library_dir(corpus).iterdir()] == ["pmc9910001"] and nothing_half_written(corpus)
    assert "refused" in res.output and "broken.pdf" in res.output and "missing.pdf" in res.output
    assert "1 added, 3 refused" in res.output


def test_the_same_paper_twice_in_a_batch_is_refused_the_second_time(corpus, tmp_path):
    a, b = tmp_path / "a.xml", tmp_path / "b.xml"
    a.write_bytes(jats(1))
    b.write_bytes(jats(1))
    report = add_many(corpus, [a, b], build=False, progress=False)
    assert [e.status for e in report.entries] == ["added", "refused"]
    assert "already in the library" in report.entries[1].reason


def test_id_and_title_name_one_document(corpus, tmp_path):
    a, b = tmp_path / "a.xml", tmp_path / "b.xml"
    a.write_bytes(jats(1))
    b.write_bytes(jats(2))
    res = add(corpus, str(a), str(b), "--id", "mine")
    assert res.exit_code == 2 and "one document" in res.output and ids(corpus) == set()
    res = add(corpus, str(a), "--id", "mine", "--title", "My title", "--kind", "review")
    assert res.exit_code == 0, res.output
    [rec] = documents(corpus)
    assert (rec.id, rec.title, rec.kind) == ("mine", "My title", "review")


def test_nothing_added_is_exit_2(corpus, tmp_path):
    res = add(corpus, str(tmp_path / "nope.pdf"), "pmid:12a")
    assert res.exit_code == 2 and "0 added, 2 refused" in res.output
    assert "neither a file nor an identifier" in res.output and "digits only" in res.output


# -- one build per batch ------------------------------------------------------------------------------
def test_one_index_build_for_the_whole_batch(corpus, tmp_path, builds):
    files = []
    for i in range(1, 5):
        f = tmp_path / f"a{i}.xml"
        f.write_bytes(jats(i))
        files.append(str(f))
    res = runner.invoke(app, ["add", *files, "--corpus", str(corpus)])
    assert res.exit_code == 0, res.output
    assert builds == [corpus] and len(ids(corpus)) == 4 and "index rebuilt" in res.output


def test_no_build_when_nothing_was_added(corpus, tmp_path, builds):
    res = runner.invoke(app, ["add", str(tmp_path / "missing.xml"), "--corpus", str(corpus)])
    assert res.exit_code == 2 and builds == []


def test_add_many_is_callable_from_python(corpus, tmp_path, builds):
    (tmp_path / "a.xml").write_bytes(jats(1))
    seen = []
    report = add_many(corpus, [tmp_path / "a.xml", tmp_path / "nope.txt"], progress=False, on_entry=seen.append)
    assert [e.status for e in report.entries] == ["added", "refused"] == [e.status for e in seen]
    assert report.added[0].id == "pmc9910001" and report.added[0].passages > 0 and report.build is not None
    assert len(builds) == 1 and json.loads(json.dumps(report.to_dict()))["added"] == 1


# -- zips ---------------------------------------------------------------------------------------------
def _zip(path: Path, members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_zip_members_are_added_and_odd_ones_skipped(corpus, tmp_path):
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr("x.xml", jats(9))
    z = _zip(tmp_path / "papers.zip", {
        "papers/one.xml": jats(1), "papers/sub/two.xml": jats(2), "papers/readme.rtf": b"{\\rtf1}",
        "__MACOSX/papers/._one.xml": b"\0\0", "inner.zip": inner.getvalue(),
        "records.jsonl": b'{"id": "rec-1", "title": "A record", "text": "HER2 amplification persisted after therapy."}\n'})
    res = runner.invoke(app, ["add", str(z), "--no-build", "--json", "--corpus", str(corpus)])
    assert res.exit_code == 0, res.output
    assert ids(corpus) == {"pmc9910001", "pmc9910002", "rec-1"}
    report = json.loads(res.stdout)
    skipped = {e["source"].split("!")[1]: e["reason"] for e in report["entries"] if e["status"] == "skipped"}
    assert set(skipped) == {"papers/readme.rtf", "__MACOSX/papers/._one.xml", "inner.zip"}
    assert "zip inside a zip" in skipped["inner.zip"]


@pytest.mark.parametrize("name", ["../../outside.xml", "/etc/evil.xml", "ok/../../up.xml", "C:\\evil.xml"])
def test_zip_with_a_traversal_name_is_refused_whole(corpus, tmp_path, name):
    z = _zip(tmp_path / "evil.zip", {"good.xml": jats(1), name: jats(2)})
    res = add(corpus, str(z))
    assert res.exit_code == 2 and "unsafe name" in res.output and "nothing was added" in res.output
    assert ids(corpus) == set() and nothing_half_written(corpus)
    assert not (tmp_path / "outside.xml").exists() and not (corpus.parent / "outside.xml").exists()


def test_zip_limits_refuse_the_archive_whole(corpus, tmp_path, monkeypatch):
    z = _zip(tmp_path / "many.zip", {f"p{i}.xml": jats(i) for i in range(1, 5)})
    monkeypatch.setattr(archive, "MAX_ZIP_MEMBERS", 3)
    res = add(corpus, str(z))
    assert res.exit_code == 2 and "too many members (4; the limit is 3)" in res.output and ids(corpus) == set()
    monkeypatch.setattr(archive, "MAX_ZIP_MEMBERS", 100)
    monkeypatch.setattr(archive, "MAX_ZIP_BYTES", 100_000)
    res = add(corpus, str(z))
    assert res.exit_code == 2 and "would unpack to" in res.output and ids(corpus) == set()
    assert nothing_half_written(corpus)


def test_zip_bomb_is_refused(corpus, tmp_path):
    z = _zip(tmp_path / "bomb.zip", {"a.xml": jats(1), "zeros.txt": b"\0" * (8 * 2**20)})
    res = add(corpus, str(z))
    assert res.exit_code == 2 and "zip bomb" in res.output and ids(corpus) == set()


def test_zip_member_larger_than_its_directory_says_is_refused(tmp_path):
    z = _zip(tmp_path / "lie.zip", {"a.txt": b"x" * 1000}, zipfile.ZIP_STORED)
    [m] = archive.members(z, 10**6)
    from tzqa.ingest.library.limits import DocumentError

    with pytest.raises(DocumentError, match="does not match"):
        archive.read_member(z, archive.Member(m.name, 10))
    assert archive.read_member(z, m) == b"x" * 1000


def test_not_a_zip(corpus, tmp_path):
    f = tmp_path / "fake.zip"
    f.write_bytes(b"PK not really")
    res = add(corpus, str(f))
    assert res.exit_code == 2 and "not a readable zip archive" in res.output


# -- XML sets ------------------------------------------------------------------------------------------
def test_pmc_articleset_is_split_into_one_document_per_article(corpus, tmp_path):
    empty = b'<article><front><article-meta><article-id pub-id-type="pmcid">PMC1</article-id></article-meta></front></article>'
    xml = (b'<?xml version="1.0"?>\n<!DOCTYPE pmc-articleset PUBLIC "-//NLM//DTD ARTICLE SET 2.0//EN" '
           b'"https://dtd.nlm.nih.gov/ncbi/pmc/articleset/nlm-articleset-2.0.dtd">\n<pmc-articleset>'
           + b"".join(_body(jats(i)) for i in (1, 2, 3)) + empty + b"</pmc-articleset>")
    f = tmp_path / "pmc_result.xml"
    f.write_bytes(xml)
    report = add_many(corpus, [f], build=False, progress=False)
    assert [e.status for e in report.entries] == ["added"] * 3 + ["refused"]
    assert report.entries[3].source.endswith("article 4") and "no body text and no abstract" in report.entries[3].reason
    assert ids(corpus) == {"pmc9910001", "pmc9910002", "pmc9910003"}
    article = load_document(library_dir(corpus) / "pmc9910002")  # stored as its own JATS file, read back alone
    assert article.record.source_file == "PMC9910002.xml" and len(article.references) == 72
    assert article.record.doi == "10.99999/batch.2" and len(article.tables) == 2


def test_xml_set_declaring_entities_is_refused(corpus, tmp_path):
    f = tmp_path / "xxe.xml"
    f.write_bytes(b'<?xml version="1.0"?><!DOCTYPE pmc-articleset [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                  b"<pmc-articleset><article>&x;</article></pmc-articleset>")
    res = add(corpus, str(f))
    assert res.exit_code == 2 and "declares its own entities" in res.output and ids(corpus) == set()


PUBMED = b"""<?xml version="1.0" ?>
<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">
<PubmedArticleSet>
<PubmedArticle><MedlineCitation><PMID Version="1">99100501</PMID><Article>
<Journal><JournalIssue><PubDate><Year>2024</Year></PubDate></JournalIssue><Title>Journal of Batch Tests</Title></Journal>
<ArticleTitle>Serum HER2 shedding as a marker of trastuzumab escape (a test record).</ArticleTitle>
<Abstract><AbstractText Label="BACKGROUND">Test record text: shed HER2 ectodomain was measured.</AbstractText>
<AbstractText Label="RESULTS">Shedding rose before progression in 31 of 40 patients.</AbstractText></Abstract>
<AuthorList><Author><LastName>Tester</LastName><Initials>AB</Initials></Author>
<Author><CollectiveName>Batch Group</CollectiveName></Author></AuthorList>
<PublicationTypeList><PublicationType>Journal Article</PublicationType></PublicationTypeList>
</Article></MedlineCitation>
<PubmedData><ArticleIdList>
<ArticleId IdType="pubmed">99100501</ArticleId><ArticleId IdType="doi">10.99999/pubmed.1</ArticleId></ArticleIdList></PubmedData>
</PubmedArticle>
<PubmedArticle><MedlineCitation><PMID Version="1">99100502</PMID><Article>
<Journal><JournalIssue><PubDate><MedlineDate>2023 Jan-Feb</MedlineDate></PubDate></JournalIssue>
<Title>Reviews in Tests</Title></Journal>
<ArticleTitle>Routes of resistance: a test review.</ArticleTitle>
<Abstract><AbstractText>Test record text: this review lists routes of resistance to HER2-targeted drugs.</AbstractText></Abstract>
<PublicationTypeList><PublicationType>Review</PublicationType></PublicationTypeList>
</Article></MedlineCitation><PubmedData><ArticleIdList/></PubmedData></PubmedArticle>
<PubmedArticle><MedlineCitation><PMID Version="1">99100503</PMID><Article>
<ArticleTitle>No abstract here.</ArticleTitle></Article></MedlineCitation></PubmedArticle>
</PubmedArticleSet>
"""


def test_pubmed_set_gives_abstract_only_documents(corpus, tmp_path):
    f = tmp_path / "pubmed-export.xml"
    f.write_bytes(PUBMED)
    res = runner.invoke(app, ["add", str(f), "--no-build", "--json", "--corpus", str(corpus)])
    assert res.exit_code == 1, res.output
    entries = json.loads(res.stdout)["entries"]
    assert [e["status"] for e in entries] == ["added", "added", "refused"]
    assert "pmid 99100503" in entries[2]["source"] and "no abstract" in entries[2]["reason"]
    recs = {r.id: r for r in documents(corpus)}
    assert set(recs) == {"pmid-99100501", "pmid-99100502"}
    first = recs["pmid-99100501"]
    assert (first.pmid, first.doi, first.year, first.journal) == ("99100501", "10.99999/pubmed.1", 2024,
                                                                 "Journal of Batch Tests")
    assert first.authors == ("Tester AB", "Batch Group") and first.title.startswith("Serum HER2 shedding")
    assert recs["pmid-99100502"].kind == "review" and recs["pmid-99100502"].year == 2023
    article = load_document(library_dir(corpus) / first.id)
    parts = {b.section: b.text for b in article.abstract + article.blocks}
    assert parts["Results"] == "Shedding rose before progression in 31 of 40 patients."  # a structured abstract


# -- JSON lines ------------------------------------------------------------------------------------------
def test_jsonl_bad_lines_are_refused_with_their_number(corpus, tmp_path):
    lines = [
        {"id": "rec-one", "title": "First record", "text": "Trastuzumab resistance followed PTEN loss in this cohort.",
         "doi": "10.99999/jsonl.1", "year": 2022, "authors": ["Smith J"]},
        "this is not json",
        {"id": "rec-three", "title": "No text"},
        {"id": "Bad Id!", "title": "Bad id", "text": "Some text about HER2."},
        {"id": "rec-five", "text": "A record without a title still has text about lapatinib."},
        ["a", "list"],
        {"id": "rec-seven", "text": "x", "colour": "blue"},
    ]
    f = tmp_path / "records.jsonl"
    f.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n\n")
    report = add_many(corpus, [f], build=False, progress=False)
    status = {e.source.rsplit(" ", 2)[-1]: (e.status, e.reason) for e in report.entries}
    assert {k for k, v in status.items() if v[0] == "added"} == {"1", "5"}
    assert status["2"][1].startswith("not JSON") and "text" in status["3"][1]
    assert "not a usable id" in status["4"][1] and "not a JSON object" in status["6"][1]
    assert "unknown field(s) colour" in status["7"][1]
    recs = {r.id: r for r in documents(corpus)}
    assert set(recs) == {"rec-one", "rec-five"}
    assert (recs["rec-one"].title, recs["rec-one"].doi, recs["rec-one"].year) == ("First record", "10.99999/jsonl.1", 2022)
    article = load_document(library_dir(corpus) / "rec-one")
    assert "PTEN loss" in " ".join(b.text for b in article.blocks)


# -- reference-manager exports ---------------------------------------------------------------------------
RIS = b"""TY  - JOUR
TI  - Open access with full text
DO  - 10.15252/embr.201948058
ER  -

TY  - JOUR
TI  - Abstract under CC BY
AN  - 99000015
ER  -

TY  - JOUR
TI  - Subscription only
UR  - https://doi.org/10.1016/j.canlet.2019.08.008
ER  -

TY  - JOUR
TI  - Nothing to find it by
ER  -
"""
BIB = rb"""@comment{exported by a reference manager}
@article{open2019,
  title = {Open access with {full} text},
  doi = {10.15252/embr.201948058},
}
@article{abstract2015, title="Abstract", eprint = {99000015}, eprinttype = {pubmed}}
@article{pmcid2019, pmcid = {PMC9900012}}
@book{nothing, title = {No identifier}, year = 2001}
"""
NBIB = b"""PMID- 99000015
TI  - Abstract under CC BY

PMID- 99000012
PMC - PMC9900012
AID - 10.15252/embr.201948058 [doi]
"""


def test_ris_bibtex_and_medline_identifiers():
    ris = exports.ris_identifiers(RIS)
    assert [str(p.ident) if p.ident else p.refused for p in ris] == [
        "doi:10.15252/embr.201948058", "pmid:99000015", "doi:10.1016/j.canlet.2019.08.008",
        "no DOI, PMID or PMCID to fetch it by"]
    bib = exports.bibtex_identifiers(BIB)
    assert [str(p.ident) if p.ident else p.refused for p in bib] == [
        "doi:10.15252/embr.201948058", "pmid:99000015", "pmcid:PMC9900012", "no DOI, PMID or PMCID to fetch it by"]
    assert bib[3].where == "entry 4 (nothing)"
    assert [str(p.ident) for p in exports.nbib_identifiers(NBIB)] == ["pmid:99000015", "pmcid:PMC9900012"]


def _recorded(seen: list[str]):  # type: ignore[no-untyped-def]
    by_query = {'DOI:"10.15252/embr.201948058"': "12-cc-by.json", "PMCID:PMC9900012": "12-cc-by.json",
                'DOI:"10.1016/j.canlet.2019.08.008"': "13-no-licence.json",
                "EXT_ID:99000015 AND SRC:MED": "15-abstract-cc-by.json"}

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        if request.url.path.endswith("/search"):
            name = by_query.get(request.url.params["query"], "no-hits.json")
            return httpx.Response(200, content=(EPMC / name).read_bytes())
        f = EPMC / f"{request.url.path.split('/')[-2]}.xml"
        return httpx.Response(200, content=f.read_bytes()) if f.exists() else httpx.Response(404)

    return handler


def test_ris_entries_are_fetched_through_europe_pmc(corpus, tmp_path, monkeypatch):
    seen: list[str] = []
    monkeypatch.setattr(fetch, "make_client", lambda: httpx.Client(transport=httpx.MockTransport(_recorded(seen))))
    f = tmp_path / "library.ris"
    f.write_bytes(RIS)
    res = runner.invoke(app, ["add", str(f), "--no-build", "--json", "--corpus", str(corpus)])
    assert res.exit_code == 1, res.output
    entries = json.loads(res.stdout)["entries"]
    assert [e["status"] for e in entries] == ["added", "added", "refused", "refused"]
    assert entries[0]["got"] == "Europe PMC (full text)" and entries[0]["cited_as"] == 12
    assert entries[1]["got"] == "Europe PMC (abstract)"
    assert "not an open one" in entries[2]["reason"] and "no DOI, PMID or PMCID" in entries[3]["reason"]
    assert ids(corpus) == {"pmc9900012", "pmid-99000015"} and all("ebi.ac.uk" in u for u in seen)


def test_bibtex_offline_refuses_each_entry_and_tries_the_network_once(corpus, tmp_path, monkeypatch):
    tries: list[str] = []

    def offline(request: httpx.Request) -> httpx.Response:
        tries.append(str(request.url))
        raise httpx.ConnectError("[Errno -3] Temporary failure in name resolution", request=request)

    monkeypatch.setattr(fetch, "make_client", lambda: httpx.Client(transport=httpx.MockTransport(offline)))
    f = tmp_path / "refs.bib"
    f.write_bytes(BIB)
    report = add_many(corpus, [f], build=False, progress=False)
    assert [e.status for e in report.entries] == ["refused"] * 4
    assert all("cannot reach Europe PMC" in e.reason for e in report.entries[:3])
    assert all("add a downloaded file instead" in e.reason for e in report.entries[:3])
    assert len(tries) == 1 and ids(corpus) == set()


def test_passages_are_counted_once_for_a_batch(corpus, tmp_path, monkeypatch):
    """A single document is cut into passages for its report line; a batch leaves that to the build."""
    import tzqa.index.build as build_mod

    for i in (1, 2):
        (tmp_path / f"a{i}.xml").write_bytes(jats(i))
    one = add_many(corpus, [tmp_path / "a1.xml"], build=False, progress=False)
    assert one.added[0].passages and one.added[0].paragraphs > 0
    version = tmp_path / "version"
    version.mkdir()

    def fake(root=None, directory=None, **_):  # type: ignore[no-untyped-def]
        (version / "documents.json").write_text(json.dumps({"pmc9910002": {"passages": 7}}))
        return build_mod.BuildReport(folder=version, passages=8, embedded=7, reused=0, seconds=0.0, encode_seconds=0.0)

    monkeypatch.setattr(build_mod, "build_index", fake)
    report = add_many(corpus, [tmp_path / "a2.xml", tmp_path / "a1.xml"], progress=False)
    assert [(e.status, e.passages) for e in report.entries] == [("added", 7), ("refused", None)]
    res = add(corpus, str(tmp_path / "a2.xml"), str(tmp_path / "a1.xml"), "--replace")
    assert res.exit_code == 0 and re.search(r"\d+ paragraphs, 72 references, 2 tables", res.output)


def test_a_folder_with_nothing_to_add_is_exit_2(corpus, tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.png").write_bytes(b"\x89PNG")
    (tmp_path / "src" / "b.docx").write_bytes(b"PK")
    res = add(corpus, str(tmp_path / "src"))
    assert res.exit_code == 2 and "every file was skipped" in res.output and "0 added, 0 refused, 2 skipped" in res.output
    (tmp_path / "empty").mkdir()
    res = add(corpus, str(tmp_path / "empty"))
    assert res.exit_code == 2 and "no documents" in res.output


def test_an_articleset_inside_a_zip_is_split_too(corpus, tmp_path):
    articleset = b"<pmc-articleset>" + _body(jats(1)) + _body(jats(2)) + b"</pmc-articleset>"
    z = _zip(tmp_path / "export.zip", {"pmc_result.xml": articleset, "single.xml": jats(3)})
    report = add_many(corpus, [z], build=False, progress=False)
    assert [(e.source.split("!")[1], e.status) for e in report.entries] == [
        ("pmc_result.xml article 1", "added"), ("pmc_result.xml article 2", "added"), ("single.xml", "added")]
    assert ids(corpus) == {"pmc9910001", "pmc9910002", "pmc9910003"}


def test_zip_members_that_are_links_or_encrypted_are_skipped(corpus, tmp_path):
    z = tmp_path / "odd.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("good.xml", jats(1))
        link = zipfile.ZipInfo("link.xml")
        link.external_attr = (0o120777 << 16)  # a symbolic link to /etc/passwd, as `zip --symlinks` stores one
        zf.writestr(link, "/etc/passwd")
        zf.writestr("secret.xml", jats(2))
    raw = bytearray(z.read_bytes())
    central = raw.index(b"PK\x01\x02", raw.index(b"PK\x01\x02") + 4)  # the entries: good, link, secret
    central = raw.index(b"PK\x01\x02", central + 4)
    assert raw[central + 46:central + 56] == b"secret.xml"
    raw[central + 8] |= 0x1  # the directory says the member is encrypted
    z.write_bytes(bytes(raw))
    report = add_many(corpus, [z], build=False, progress=False)
    assert [(e.source.split("!")[1], e.status, e.reason) for e in report.entries] == [
        ("good.xml", "added", ""), ("link.xml", "skipped", "a symbolic link"), ("secret.xml", "skipped", "encrypted")]
    assert ids(corpus) == {"pmc9910001"}


def test_pubmed_book_chapters_are_refused_with_a_reason():
    xml = PUBMED.replace(b"</PubmedArticleSet>", b"<PubmedBookArticle><BookDocument/></PubmedBookArticle></PubmedArticleSet>")
    parts = exports.pubmed_abstracts(xml)
    assert parts[-1].where == "article 4" and "PubmedBookArticle" in parts[-1].refused


def test_a_doi_added_earlier_in_the_batch_is_not_added_again_under_another_id(corpus, tmp_path):
    f = tmp_path / "twice.jsonl"
    f.write_text("\n".join(json.dumps({"id": i, "title": "Same paper", "doi": "10.99999/same", "text": "HER2 text."})
                           for i in ("first", "second")))
    report = add_many(corpus, [f], build=False, progress=False)
    assert [e.status for e in report.entries] == ["added", "refused"]
    assert "already in the library as 'first'" in report.entries[1].reason and ids(corpus) == {"first"}


def test_a_batch_parses_each_document_once_and_indexes_what_a_fresh_read_gives(corpus, tmp_path, monkeypatch):
    """The build after a batch add takes the documents the add parsed; what it indexes is what reading the
    stored files again would give (same passages, ids and catalogue entries)."""
    import tzqa.index.build as build_mod
    import tzqa.ingest.library.folder as folder_mod
    from tzqa.index.library import add_many

    src = tmp_path / "in"
    src.mkdir()
    for i in range(3):
        (src / f"a{i}.xml").write_bytes(jats(i))
    reads: list[str] = []
    real_read = folder_mod.read_article

    def counting(path, *a, **k):  # type: ignore[no-untyped-def]
        reads.append(Path(path).name)
        return real_read(path, *a, **k)

    monkeypatch.setattr(folder_mod, "read_article", counting)
    seen: dict[str, object] = {}

    def build(root=None, directory=None, parsed=None, **_):  # type: ignore[no-untyped-def]
        seen["batch"] = build_mod.collect_passages(directory, None, parsed)
        return build_mod.BuildReport(folder=tmp_path, passages=1, embedded=1, reused=0, seconds=0.0,
                                     encode_seconds=0.0)

    monkeypatch.setattr(build_mod, "build_index", build)
    report = add_many(corpus, [src], progress=False)
    assert len(report.added) == 3
    assert sorted(reads) == ["a0.xml", "a1.xml", "a2.xml"], "each document parsed once, by the add"
    fresh = build_mod.collect_passages(corpus)  # parses the stored files again
    _, batch_passages, _, _, batch_catalogue = seen["batch"]  # type: ignore[misc]
    assert [(p.id, p.text, p.refs) for p in batch_passages] == [(p.id, p.text, p.refs) for p in fresh[1]]
    assert batch_catalogue == fresh[4]
