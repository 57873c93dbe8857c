extensions = ["symlstm.sphinx", "myst_parser"]
