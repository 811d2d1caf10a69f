"""A wire story, two desks' edited copies of it, its German translation, and another article on
the same story in the same language: the copy-detection fixtures."""
import json


def record(doc_id, lang, date, source, title, text):
    return {"id": doc_id, "lang": lang, "date": date, "source": source, "title": title, "text": text}


ORIGINAL = record(
    "wire-original", "en", "2024-10-24", "Reuters", "North Korean troops seen in Russia, Pentagon says",
    "The United States has seen evidence that North Korea has sent troops to Russia, Defence Secretary "
    "Lloyd Austin told reporters in Rome on Wednesday. What exactly they are doing there is left to be "
    "seen, Austin said, adding that it would be a very serious issue if they were preparing to fight "
    "on Russia's behalf in Ukraine. South Korean lawmakers said earlier that about 3,000 North Korean "
    "soldiers had already arrived in the far east of Russia for training. Seoul's spy agency believes "
    "Pyongyang plans to send as many as 10,000 troops before the end of the year. The Kremlin has "
    "dismissed the reports as fake news, while officials in Kyiv said the first units could be "
    "deployed to the Kursk region within weeks. NATO Secretary General Mark Rutte said the alliance "
    "was consulting its partners in Asia about the deployment.")


def edited(record, **changes):
    return {**record, **changes}


COPY_ONE = edited(
    ORIGINAL, id="wire-copy-1", source="The Daily Courier",
    text="ROME (Reuters) - " + ORIGINAL["text"].replace("on Wednesday", "on Wednesday evening")
    .replace(" NATO Secretary General Mark Rutte said the alliance was consulting its partners in Asia about "
             "the deployment.", ""))
COPY_TWO = edited(
    ORIGINAL, id="wire-copy-2", source="Evening Post", title="Pentagon: North Korean troops in Russia",
    text=ORIGINAL["text"].replace("told reporters", "told journalists").replace("far east", "Far East")
    + " Reporting by Idrees Ali; editing by the Evening Post desk.")
TRANSLATION = record(
    "wire-de", "de", "2024-10-24", "dpa", "Pentagon: Nordkoreanische Truppen in Russland gesichtet",
    "Die Vereinigten Staaten haben Beweise dafür gesehen, dass Nordkorea Truppen nach Russland geschickt "
    "hat, sagte Verteidigungsminister Lloyd Austin am Mittwoch vor Journalisten in Rom. Was genau sie "
    "dort tun, bleibe abzuwarten, sagte Austin, und fügte hinzu, es wäre eine sehr ernste Angelegenheit, "
    "wenn sie sich darauf vorbereiteten, für Russland in der Ukraine zu kämpfen. Südkoreanische "
    "Abgeordnete hatten zuvor erklärt, rund 3.000 nordkoreanische Soldaten seien bereits zur Ausbildung "
    "im Fernen Osten Russlands eingetroffen. Der Geheimdienst in Seoul geht davon aus, dass Pjöngjang "
    "bis zum Jahresende bis zu 10.000 Soldaten schicken will. Der Kreml wies die Berichte als "
    "Falschmeldungen zurück.")
SAME_STORY = record(
    "other-desk", "en", "2024-10-25", "The Guardian", "Seoul warns of North Korean soldiers bound for Ukraine front",
    "South Korea's president Yoon Suk Yeol called an emergency security meeting on Thursday after "
    "intelligence officials reported that North Korean soldiers were being trained in Russia. Yoon "
    "said Seoul would consider sending weapons directly to Ukraine if the cooperation between Moscow "
    "and Pyongyang deepened. Lloyd Austin, the US defence secretary, said it would be a very serious "
    "issue if they were preparing to fight on Russia's behalf in Ukraine. Analysts in Seoul said the "
    "deployment gave the North Korean army its first combat experience in decades, and warned that "
    "Pyongyang could expect Russian missile technology in return. Russia has not confirmed that any "
    "North Korean troops are on its territory.")
ALL = [ORIGINAL, COPY_ONE, COPY_TWO, TRANSLATION, SAME_STORY]


def write_corpus(folder):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "wire.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in ALL),
                                       encoding="utf-8")
    return folder
