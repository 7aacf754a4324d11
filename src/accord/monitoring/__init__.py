"""Media monitoring: open sources in, deduplicated stories out, tagged by rules that explain themselves."""
