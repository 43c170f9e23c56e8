# The fixture generators run under real TensorFlow only; pytest's --doctest-modules must not import them.
collect_ignore_glob = ["fixtures/*.py"]
