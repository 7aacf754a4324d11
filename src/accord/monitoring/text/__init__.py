"""From what a source delivers to a clean text: extraction, language, normalisation, fingerprints."""
