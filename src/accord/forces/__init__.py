"""The collective forces: formations, contributions and readiness, joint trainings, joint operations
and their aggregate results, cooperation with other organizations, and the training of personnel."""
