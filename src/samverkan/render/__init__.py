"""Stage 6, render: blocks and figure specs into one self-contained HTML file, the workbook,
the PDF and the folder's index, written as one set."""
