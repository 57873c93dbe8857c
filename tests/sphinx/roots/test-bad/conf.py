extensions = ["symlstm.sphinx"]
