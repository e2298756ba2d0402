print("opexsim")
