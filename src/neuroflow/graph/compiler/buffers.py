"""placeholder"""

def run(program):
    return program
