"""Stage 1, read: the definition, every source through its reader, the goals and coalition
files, all checked; what comes out is validated canonical tables and notes."""
