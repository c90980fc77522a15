"""`python -m pipeline` runs the newsfacts command line."""

from pipeline.cli import app

app(prog_name="newsfacts")
