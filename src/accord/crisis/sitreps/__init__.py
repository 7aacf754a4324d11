"""The daily situation report as a document: what it covers (:mod:`.content`), and drafting,
assessing, approving and correcting it (:mod:`.services`)."""
