"""Build the default deck exactly as `deck build` does: A4, duplex, long-edge flip, into out/."""
import sys

from deck.cli import main

if __name__ == "__main__":
    sys.exit(main(["build", *sys.argv[1:]]))
