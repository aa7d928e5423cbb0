print("vdlc")
