"""Stage 3, allocate: the board's costs split between its members under the definition's key,
exactly to the öre, with the keys compared, the cooperation gain and membership scenarios."""
