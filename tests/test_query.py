"""Reading a question before retrieval: spelling repair, INN stems, lay terms, question shape, passage roles."""
from __future__ import annotations

import numpy as np
import pytest

from tzqa.index.tokenize import tokenize
from tzqa.models import Passage
from tzqa.search.query import LayEntry, LayTerms, analyse_query, lay_sequence, names_an_author
from tzqa.search.ranking import best_sentence_scores, passage_roles
from tzqa.search.spelling import Vocabulary, is_english
from tzqa.search.stems import drug_stem

VOCAB = Vocabulary.from_texts([
    "Trastuzumab resistance is common; trastuzumab and lapatinib are used. Exosomes carry miR-21.",
    "trastuzumab trastuzumab resistance resistance pathway pathways",
])


@pytest.mark.parametrize("typed, meant", [("trastuzamab", "trastuzumab"), ("resistence", "resistance"),
                                          ("exozomes", "exosomes"), ("pathwya", "pathway")])
def test_misspellings_are_repaired_to_corpus_words(typed, meant):
    r = VOCAB.repair(typed)
    assert r is not None and r.replacement == meant


@pytest.mark.parametrize("word", ["fertility", "afatinib", "lapatinib", "HER2", "cat"])
def test_real_words_and_other_drugs_are_left_alone(word):
    # "fertility" is English, "afatinib" is another drug two edits from lapatinib, the rest are known or short.
    assert VOCAB.repair(word) is None


def test_repair_text_keeps_everything_else():
    text, repairs = VOCAB.repair_text("Does trastuzamab resistence involve HER2?")
    assert text == "Does trastuzumab resistance involve HER2?"
    assert [(r.word, r.replacement) for r in repairs] == [("trastuzamab", "trastuzumab"), ("resistence", "resistance")]


def test_english_word_list():
    assert is_english("fertility") and is_english("Bread") and not is_english("zongertinib")


def test_inn_stems_name_the_class():
    assert drug_stem("zongertinib").kind == "TKI"
    assert drug_stem("Margetuximab").kind == "antibody"
    assert drug_stem("vedotin").kind == "ADC"          # a payload name alone
    assert drug_stem("govitecan").kind == "ADC"        # longest stem wins over -tecan
    assert drug_stem("bread") is None and drug_stem("tinib") is None


def test_question_shapes():
    known = set(tokenize("resistance liquid biopsy circulating agent novel"))
    broad = analyse_query("Give me an overview of how resistance arises", None, known)
    assert broad.broad and not broad.list_question and not broad.about_paper
    listq = analyse_query("Which biomarkers predict resistance?", None, known)
    assert listq.list_question and not listq.broad
    assert not analyse_query("Which gene is amplified?", None, known).list_question  # singular: one fact
    for wide in ("what are the main molecular reasons tumours stop responding", "state of the field on resistance",
                 "the key clinical findings"):
        assert analyse_query(wide, None, known).broad, wide
    assert analyse_query("list every candidate marker for predicting resistance", None, known).list_question
    # an acronym in capitals ending in S is no plural: one definition, one endpoint
    assert not analyse_query("what does DDFS mean?", None, known).list_question
    assert not analyse_query("What PFS gain did the drug give?", None, known).list_question
    assert analyse_query("which TKIs are discussed?", None, known).list_question, "a plural acronym ('TKIs') is"
    assert analyse_query("WHICH DRUGS ARE USED?", None, known).list_question, "a question in capitals throughout"
    paper = analyse_query("What did Boelens find about exosomes?", None, known, frozenset({"boelens"}))
    assert paper.about_paper
    assert analyse_query("the 2014 paper on exosomes", None, known).about_paper
    assert not analyse_query("How do exosomes cause resistance?", None, known).about_paper


def test_a_surname_that_is_a_common_word_names_an_author_only_when_capitalised():
    authors = frozenset({"an", "park", "wang"})
    assert not names_an_author("can an X mutation and Y amplification be present together?", authors)
    assert not names_an_author("Park the question: is it resistance?", authors)  # first word: no evidence
    assert names_an_author("what did An and colleagues report?", authors)
    assert names_an_author("what did wang find", authors)  # a rarer word is a name in any case


def test_lay_terms_add_only_what_the_corpus_has():
    lay = LayTerms([LayEntry((("stop", "work"),), ("resistance", "refractoriness"))])
    known = set(tokenize("resistance"))
    assert lay.expansions(tokenize("why did my drug stop working"), known) == ["resistance"]
    assert lay.expansions(tokenize("does it work"), known) == []
    packaged = LayTerms.packaged()
    assert "liquid biopsy" in packaged.expansions(tokenize("can a blood test tell"), set(tokenize("liquid biopsy")))
    tkis = set(tokenize("tyrosine kinase inhibitors"))
    assert "tyrosine kinase inhibitors" in packaged.expansions(tokenize("are there pills for this cancer"), tkis)
    assert packaged.expansions(tokenize("tyrosine kinase inhibitors after trastuzumab"), tkis) == []


def test_lay_phrases_that_would_fire_on_every_question_are_not_matched():
    # "was working" tokenises to one token: its meaning was in the stopword, so the phrase is not kept
    assert lay_sequence("was working") == () and lay_sequence("pills") == tuple(tokenize("pills"))
    assert lay_sequence("latch on") == tuple(tokenize("latch on"))
    lay = LayTerms.from_rows([{"lay": ["was working", "pills", "spread"], "clinical": ["tyrosine kinase inhibitors"]}])
    known = set(tokenize("tyrosine kinase inhibitors spread"))
    assert lay.expansions(tokenize("the drug stopped working"), known) == []       # "working" alone: no
    assert lay.expansions(tokenize("are there pills for this"), known) == ["tyrosine kinase inhibitors"]
    # a one-token phrase the corpus itself uses is not lay here: specialists say it too
    assert lay.expansions(tokenize("has the cancer spread"), known) == []
    assert lay.expansions(tokenize("has the cancer spread"), known - {"spread"}) == ["tyrosine kinase inhibitors"]
    stem = LayTerms.from_rows([{"lay": ["stem cells"], "clinical": ["cancer stem cells"]}])
    csc = set(tokenize("cancer stem cells"))
    assert stem.expansions(tokenize("do stem cells matter"), csc) == ["cancer stem cells"]
    in_corpus = {tuple(tokenize("stem cells"))}.__contains__  # the corpus says "stem cell" itself
    assert stem.expansions(tokenize("do stem cells matter"), csc, in_corpus) == []


def _p(pid: str, kind: str, section: str, source: str = "review") -> Passage:
    return Passage(pid, kind, source, None, section, (section,), "background", 0, 1, (), "text")


def test_passage_roles_on_a_fixture():
    passages = [_p("a", "paragraph", "Abstract"), _p("b", "paragraph", "3 Mechanisms"),
                _p("c", "paragraph", "3.1 Bypass"), _p("d", "paragraph", "3.1 Bypass"),
                _p("e", "paragraph", "3.1.1 PI3K"), _p("f", "paragraph", "5 Conclusions"),
                _p("g", "reference_entry", "References")]
    vecs = np.eye(7, 4, dtype=np.float32)
    vecs[:, 0] += 1
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    roles = passage_roles(passages, vecs)
    # abstract, the leads of 3 and 3.1 (they have subsections), conclusions; not a second chunk, not a leaf
    assert roles.overview.tolist() == [True, True, True, False, False, True, False]
    assert roles.reference_entry.tolist() == [False] * 6 + [True]
    assert np.median(roles.hubness) == pytest.approx(0.0)
    assert roles.hubness[0] == roles.hubness.max()  # the passage along the shared direction is the hub


def test_best_sentence_scores_all_rows_and_candidates():
    sent = np.array([[1, 0], [0, 1], [0.6, 0.8]], dtype=np.float32)
    offsets = np.array([0, 2, 2, 3])          # passage 1 has no sentences
    q = np.array([0, 1], dtype=np.float32)
    full = best_sentence_scores(sent, offsets, q, np.array([2, 0, 1]))
    assert full[0] == pytest.approx(0.8) and full[1] == pytest.approx(1.0) and full[2] == -np.inf
    some = best_sentence_scores(sent, offsets, q, np.array([2]))
    assert some[0] == pytest.approx(0.8)


def test_a_negation_typed_without_its_apostrophe_is_read_as_the_negation():
    """"what else if trastuzumab doesnt work anymore": the glossary's "doesn't work" (resistance) must match."""
    from tzqa.search.query import _contractions

    assert _contractions("it doesnt work, I cant, it wont, Didnt, isnt, havent, dont") == \
        "it doesn't work, I can't, it won't, Didn't, isn't, haven't, don't"
    assert _contractions("want a Donts list, pant, ant") == "want a Donts list, pant, ant", "other words stay"


def test_a_pronoun_typed_without_its_apostrophe_is_no_name():
    """"Ive had Herceptin, Perjeta and then Kadcyla": "Ive" is "I've", not a name the corpus lacks."""
    from tzqa.search.query import _contractions

    assert _contractions("Ive had it, im on it, youre, theyre, weve, theyve") == \
        "I've had it, i'm on it, you're, they're, we've, they've"
    assert _contractions("an IM injection; Were they? Ivermectin, Imatinib, Wendy") == \
        "an IM injection; Were they? Ivermectin, Imatinib, Wendy", "other words stay"
    assert _contractions("What did Im SA et al. report? Im et al. found") == "What did Im SA et al. report? Im et al. found"


def test_a_glossary_phrase_keeps_its_negation():
    """"doesn't work" is not "work": the index drops negations as stopwords, glossary matching keeps them."""
    from tzqa.search.query import lay_tokenize

    assert lay_sequence("doesn't work") == ("not", "work") and lay_sequence("no longer works")[0] == "not"
    assert lay_tokenize("why trastuzumab doesn't work anymore")[:3] == ["trastuzumab", "not", "work"]
    lay = LayTerms.from_rows([{"lay": ["doesn't work", "not working"], "clinical": ["resistance"]}])
    known = {"resist"}
    assert lay.expansions(lay_tokenize("why trastuzumab doesn't work anymore"), known) == ["resistance"]
    assert lay.expansions(lay_tokenize("why is it not working"), known) == ["resistance"]
    assert lay.expansions(lay_tokenize("how does it work"), known) == [], "a question about how a drug works"


def test_glossary_tokens_keep_negations_and_read_the_rest_as_the_index_does():
    from tzqa.search.query import _contractions, lay_tokenize

    assert lay_tokenize(_contractions("why doesnt it work")) == lay_tokenize("why doesn't it work") == ["not", "work"]
    assert lay_tokenize("HER 2 low") == tokenize("HER 2 low"), "the index joins 'HER 2'; so must the glossary"
    assert "not" not in lay_tokenize("NO and ROS signalling"), "NO is nitric oxide"
    assert lay_tokenize("no response") == ["not", *tokenize("response")]
    assert "not" not in lay_tokenize("a nota bene on knots")
    assert lay_tokenize("it never worked") != lay_tokenize("it doesn't work"), "from the start is not any more"
    assert lay_tokenize("what other drugs are there")[:2] == ["other", *tokenize("drugs")], \
        "'other drugs' is not 'drugs' (a phrase that became one everyday word would never be matched)"


def test_a_name_written_with_inner_capitals_is_not_a_typo():
    vocab = Vocabulary.from_texts(["the extent of resistance to the extent shown"])
    assert vocab.repair("extenet").replacement == "extent"  # type: ignore[union-attr]
    assert vocab.repair("ExteNET") is None, "a trial's name, written as its owners write it"
    shouted = vocab.repair("EXTENET")
    assert shouted is not None and shouted.replacement == "extent", "in capitals throughout it may be a shouted typo"


def test_a_typo_of_an_english_word_the_corpus_lacks_is_mended_only_when_the_word_means_something_here():

    vocab = Vocabulary(["resistance", "trastuzumab", "nuclear", "cyclin"])
    known = {"exercise", "stopped"}
    text, repairs = vocab.repair_text("can excercise help once it stoped, via importin", known.__contains__)
    assert text == "can exercise help once it stopped, via importin", text
    assert [r.replacement for r in repairs] == ["exercise", "stopped"]
    assert vocab.repair_text("can excercise help")[0] == "can excercise help", "no English repair unless asked for"
    assert vocab.repair_text("Excercise: can it help? Stoped. Importin", known.__contains__)[0] == \
        "exercise: can it help? stopped. Importin", "a sentence's first word is capitalised whatever it is"
    # one edit from an English word that means something here, two from a corpus word: the English word
    vocab = Vocabulary(["information", "resistance"])
    assert vocab.repair_text("lung inflamation", {"inflammation"}.__contains__)[0] == "lung inflammation"
    assert vocab.repair_text("lung inflamation", set().__contains__)[0] == "lung information", \
        "an English word that means nothing here leaves the corpus's repair as it was"
    assert vocab.repair_text("resistence")[0] == "resistance", "one edit from a corpus word is mended as before"
    vocab = Vocabulary(["downregulation"])
    assert vocab.repair_text("dwregulation of PTEN", set().__contains__)[0] == "downregulation of PTEN"


def test_a_key_concepts_words_mean_something_here():
    from tzqa.search.concepts import concept_word

    assert concept_word("inflammation") and concept_word("dosage") and not concept_word("information")


@pytest.mark.slow
def test_a_misspelt_everyday_word_is_read_for_what_it_asks(retriever):
    ans = retriever.answer("is herceptin resistence caused by my diet, can excercise help?")
    assert ans.coverage == "none" and "exercise" in ans.missing, ans.missing
    nuclear = retriever.answer("how does HER2 get into the nucleus, via importin-beta?")
    assert "importing" not in (nuclear.corrected_query or ""), "a protein's name is no typo of an English word"


def test_every_lay_phrase_reads_as_one_entrys_phrase():
    """The matcher drops stopwords: "did not respond at all" reads as "not respond", which is resistance, not
    primary resistance. A phrase whose telling word is a stopword must not land in another entry."""
    from tzqa.search.query import LayTerms

    owner: dict[tuple[str, ...], int] = {}
    for k, entry in enumerate(LayTerms.packaged().entries):
        for seq in entry.lay:
            assert owner.setdefault(seq, k) == k, (seq, owner[seq], k)


def test_letters_doubled_or_single_are_mended_however_many():
    vocab = Vocabulary.from_texts(["HER2-positive tumours display more aggressive behaviours and a poor status."])
    assert vocab.repair("agresive").replacement == "aggressive", "two edits, both a doubled letter written once"
    assert vocab.repair("aggresive").replacement == "aggressive"
    assert vocab.repair("statins") is None, "two edits that are no doubled letters: a drug class is no 'status'"


def test_again_is_a_word_the_glossary_matches():
    from tzqa.search.query import lay_sequence

    assert lay_sequence("work again") == ("work", "again"), "'again' is what the phrase means: not dropped"
    assert lay_sequence("respond to it again") == ("respond", "again")
