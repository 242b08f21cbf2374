from samverkan.cli.app import run

run()
