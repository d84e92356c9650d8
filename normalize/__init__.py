from normalize.text import clean_text
from normalize.vocabulary import canonical_level1, canonical_level2
def parse_value(text):
    return {"kind": "text", "text": clean_text(text) or ""}
