"""Start the kiosk app: `python main.py` is the same as `kiosk run` (see `kiosk --help`)."""

from kiosk.cli.main import main

if __name__ == "__main__":
    main()
