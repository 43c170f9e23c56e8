"""The tensor half of lecture 06 ("Neural Networks with Keras/TensorFlow"), run verbatim.

Each snippet is copied from the slides (up to "A Model with Tensorflow") with only its
import line changed, run under `import neuroflow as tf`, and its printed output compared
with the output the slide shows. Where a slide shows none, the expected text is what
TensorFlow prints for the same code.
"""
import contextlib
import io

import pytest

import neuroflow


def run(snippet, namespace=None):
    """Runs `snippet` as the slides do (`import tensorflow as tf` -> neuroflow); returns stdout."""
    code = snippet.replace("import tensorflow as tf", "import neuroflow as tf")
    namespace = {"tf": neuroflow} if namespace is None else namespace
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "<slide>", "exec"), namespace)
    return out.getvalue()


# (slide title, code, the output the slide shows)
SLIDES_WITH_OUTPUT = [
    ("Tensor Basics: a scalar", '''
# This will be an int32 tensor by default; see "dtypes" below.
rank_0_tensor = tf.constant(4)
print(rank_0_tensor)
''', "tf.Tensor(4, shape=(), dtype=int32)\n"),

    ("Tensor Basics: a vector", '''
# Let's make this a float tensor.
rank_1_tensor = tf.constant([2.0, 3.0, 4.0])
print(rank_1_tensor)
''', "tf.Tensor([2. 3. 4.], shape=(3,), dtype=float32)\n"),

    ("More Complex: a matrix", '''
# If you want to be specific, you can set the dtype
rank_2_tensor = tf.constant([[1, 2],
                             [3, 4],
                             [5, 6]], dtype=tf.float16)

print(rank_2_tensor)
''', """tf.Tensor(
[[1. 2.]
 [3. 4.]
 [5. 6.]], shape=(3, 2), dtype=float16)
"""),

    ("Data Flow Graphs: first attempt", '''
import tensorflow as tf

a = tf.add(3, 5)
print(a)
''', "tf.Tensor(8, shape=(), dtype=int32)\n"),

    ("How to get the value?", '''
import tensorflow as tf
a = tf.add(3, 5)
print(a.numpy())
''', "8\n"),

    ("Mathematical operations: ReLU(Wx + b)", '''
import tensorflow as tf
w = tf.constant(3.0)
x = tf.constant(2.0)
b = tf.constant(5.0)
mul= tf.multiply(w, x)
intermed= tf.add(mul, b)
result= tf.nn.relu(intermed)
print(result.numpy())
''', "11.0\n"),
]


@pytest.mark.parametrize("title, code, shown", SLIDES_WITH_OUTPUT, ids=[s[0] for s in SLIDES_WITH_OUTPUT])
def test_slide_prints_what_the_slide_shows(title, code, shown):
    assert run(code) == shown


# "Manipulating Shapes": the slides build `rank_3_tensor` as TensorFlow's tensor guide does
# (a 3x2x5 tensor of 0..29) and show it flattened.
RANK_3_TENSOR = '''
rank_3_tensor = tf.constant([
  [[0, 1, 2, 3, 4],
   [5, 6, 7, 8, 9]],
  [[10, 11, 12, 13, 14],
   [15, 16, 17, 18, 19]],
  [[20, 21, 22, 23, 24],
   [25, 26, 27, 28, 29]],])
'''


def test_reshaping_slide():
    namespace = {"tf": neuroflow}
    run(RANK_3_TENSOR, namespace)
    flat = run("print(tf.reshape(rank_3_tensor, [-1]))", namespace)
    assert flat == """tf.Tensor(
[ 0  1  2  3  4  5  6  7  8  9 10 11 12 13 14 15 16 17 18 19 20 21 22 23
 24 25 26 27 28 29], shape=(30,), dtype=int32)
"""
    shown_code = '''
print(tf.reshape(rank_3_tensor, [3*2, 5]), "\\n")
print(tf.reshape(rank_3_tensor, [3, -1]))
'''
    assert run(shown_code, namespace) == """tf.Tensor(
[[ 0  1  2  3  4]
 [ 5  6  7  8  9]
 [10 11 12 13 14]
 [15 16 17 18 19]
 [20 21 22 23 24]
 [25 26 27 28 29]], shape=(6, 5), dtype=int32) \n
tf.Tensor(
[[ 0  1  2  3  4  5  6  7  8  9]
 [10 11 12 13 14 15 16 17 18 19]
 [20 21 22 23 24 25 26 27 28 29]], shape=(3, 10), dtype=int32)
"""


def test_about_shapes_slide():
    namespace = {"tf": neuroflow}
    run("rank_4_tensor = tf.zeros([3, 2, 4, 5])", namespace)
    # The slide names shape, rank, axis and size; TensorFlow's guide prints them like this.
    printed = run('''
print("Type of every element:", rank_4_tensor.dtype)
print("Number of axes:", rank_4_tensor.ndim)
print("Shape of tensor:", rank_4_tensor.shape)
print("Elements along axis 0 of tensor:", rank_4_tensor.shape[0])
print("Elements along the last axis of tensor:", rank_4_tensor.shape[-1])
print("Total number of elements (3*2*4*5): ", tf.size(rank_4_tensor).numpy())
''', namespace)
    assert printed == """Type of every element: <dtype: 'float32'>
Number of axes: 4
Shape of tensor: (3, 2, 4, 5)
Elements along axis 0 of tensor: 3
Elements along the last axis of tensor: 5
Total number of elements (3*2*4*5):  120
"""


def test_placeholder_and_variables_slide():
    code = '''
x = tf.constant([[3, 2],
                 [5, 2],
                 [9, 5],
                 [1, 3]])
w = tf.Variable(tf.ones(shape=[2,4], dtype=tf.int32))
b = tf.Variable(tf.zeros(shape=[4,4], dtype=tf.int32))

result= tf.nn.relu(tf.matmul(x,w) + b)

print(result.numpy())
'''
    assert run(code) == """[[ 5  5  5  5]
 [ 7  7  7  7]
 [14 14 14 14]
 [ 4  4  4  4]]
"""


def test_rank_table():
    # "Rank | Math entity | Python example": the rank of each example, as tf.rank prints it.
    table = [(0, "s = 483"), (1, "v = [1.1, 2.2, 3.3]"), (2, "m = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]"),
             (3, "t = [[[2], [4], [6]], [[8], [10], [12]], [[14], [16], [18]]]")]
    for rank, example in table:
        name = example.split(" = ")[0]
        printed = run(f"{example}\nprint(tf.rank(tf.constant({name})))")
        assert printed == f"tf.Tensor({rank}, shape=(), dtype=int32)\n"
