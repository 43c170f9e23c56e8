"""tf.io files: read_file/write_file, gfile, decode_csv, and the image codecs (against TF's files)."""
import io
import os
import sys

import numpy as np
import pytest

import neuroflow as tf
from neuroflow.io import gfile
from neuroflow.io.csv_decoding import column_specs, decode_csv_rows

from .conftest import FIXTURES, fixture_script

_SCRIPT = fixture_script("make_image_fixtures")
PIXELS, GRAY16 = _SCRIPT.PIXELS, _SCRIPT.GRAY16


# --- read_file / write_file ---------------------------------------------------------------------
def test_read_and_write_file(tmp_path):
    path = tmp_path / "deep" / "er" / "blob.bin"
    tf.io.write_file(str(path), tf.constant(b"\x00\x01abc\x00"))
    contents = tf.io.read_file(path)
    assert contents.dtype == tf.string and contents.shape == () and contents.numpy() == b"\x00\x01abc\x00"
    tf.io.write_file(str(path), "replaced")
    assert tf.io.read_file(str(path)).numpy() == b"replaced"
    assert sorted(os.listdir(path.parent)) == ["blob.bin"]  # atomic: no temporary files left
    with pytest.raises(tf.errors.NotFoundError, match="missing.txt"):
        tf.io.read_file(str(tmp_path / "missing.txt"))


# --- gfile --------------------------------------------------------------------------------------
def test_gfile_tree_operations(tmp_path):
    root = str(tmp_path)
    gfile.makedirs(gfile.join(root, "a", "b"))
    gfile.makedirs(gfile.join(root, "a", "b"))  # exists: fine
    gfile.mkdir(gfile.join(root, "c"))
    with pytest.raises(tf.errors.AlreadyExistsError):
        gfile.mkdir(gfile.join(root, "c"))
    with pytest.raises(tf.errors.NotFoundError):
        gfile.mkdir(gfile.join(root, "x", "y"))
    for name in ("a/one.txt", "a/b/two.txt", "c/three.csv"):
        with gfile.GFile(gfile.join(root, name), "w") as f:
            f.write(name)
    assert gfile.exists(gfile.join(root, "a", "one.txt")) and not gfile.exists(gfile.join(root, "nope"))
    assert gfile.isdir(gfile.join(root, "a")) and not gfile.isdir(gfile.join(root, "a", "one.txt"))
    assert sorted(gfile.listdir(gfile.join(root, "a"))) == ["b", "one.txt"]
    assert gfile.glob(gfile.join(root, "*", "*.txt")) == [gfile.join(root, "a", "one.txt")]
    assert tf.io.matching_files(gfile.join(root, "?", "*.*")).numpy().tolist() == [
        gfile.join(root, "a", "one.txt").encode(), gfile.join(root, "c", "three.csv").encode()]
    assert tf.io.matching_files(gfile.join(root, "*.none")).shape == (0,)
    walked = [(os.path.relpath(d, root), sorted(s), sorted(f)) for d, s, f in gfile.walk(root)]
    assert walked[0] == (".", ["a", "c"], [])  # top down: a folder before its subfolders
    assert walked.index(("a", ["b"], ["one.txt"])) < walked.index(("a/b", [], ["two.txt"]))
    assert sorted(walked) == [(".", ["a", "c"], []), ("a", ["b"], ["one.txt"]), ("a/b", [], ["two.txt"]),
                              ("c", [], ["three.csv"])]
    bottom_up = [os.path.relpath(d, root) for d, _, _ in gfile.walk(root, topdown=False)]
    assert bottom_up.index("a/b") < bottom_up.index("a") < bottom_up.index(".")
    stat = gfile.stat(gfile.join(root, "a", "one.txt"))
    assert stat.length == 9 and not stat.is_directory and stat.mtime_nsec > 0
    assert gfile.stat(gfile.join(root, "a")).is_directory

    src, dst = gfile.join(root, "a", "one.txt"), gfile.join(root, "c", "copy.txt")
    gfile.copy(src, dst)
    with pytest.raises(tf.errors.AlreadyExistsError, match="overwrite=True"):
        gfile.copy(src, dst)
    gfile.copy(gfile.join(root, "a", "b", "two.txt"), dst, overwrite=True)
    assert gfile.GFile(dst).read() == "a/b/two.txt"
    with pytest.raises(tf.errors.AlreadyExistsError):
        gfile.rename(src, dst)
    gfile.rename(src, dst, overwrite=True)
    assert not gfile.exists(src) and gfile.GFile(dst).read() == "a/one.txt"
    gfile.remove(dst)
    with pytest.raises(tf.errors.NotFoundError):
        gfile.remove(dst)
    gfile.rmtree(gfile.join(root, "a"))
    assert gfile.listdir(root) == ["c"]
    with pytest.raises(tf.errors.NotFoundError, match="Could not find directory"):
        gfile.listdir(gfile.join(root, "a"))
    with pytest.raises(tf.errors.NotFoundError):
        gfile.stat(gfile.join(root, "a"))
    errors = []
    assert list(gfile.walk(gfile.join(root, "a"), onerror=errors.append)) == [] and len(errors) == 1


def test_gfile_file_objects(tmp_path):
    path = str(tmp_path / "lines.txt")
    with gfile.GFile(path, "w") as f:
        f.write("alpha\n")
        f.write(b"beta\r\n")
        f.write("gamma")
        assert not os.path.exists(path)  # written atomically, on close
    with gfile.Open(path) as f:  # text mode splits only at "\n", as TensorFlow does
        assert list(f) == ["alpha\n", "beta\r\n", "gamma"]
    with gfile.GFile(path, "rb") as f:
        assert f.readline() == b"alpha\n" and f.tell() == 6
        f.seek(-5, 2)
        assert f.read() == b"gamma" and f.size() == 17
        f.seek(0)
        assert f.read(5) == b"alpha"
        with pytest.raises(tf.errors.PermissionDeniedError, match="isn't open for writing"):
            f.write("x")
    with gfile.GFile(path, "a") as f:
        f.write("\ndelta")
    assert gfile.GFile(path).readlines()[-1] == "delta"
    with pytest.raises(RuntimeError):
        with gfile.GFile(path, "w") as f:
            f.write("lost")
            raise RuntimeError("interrupted")
    assert gfile.GFile(path).read().startswith("alpha")
    with pytest.raises(tf.errors.NotFoundError):
        gfile.GFile(str(tmp_path / "none.txt")).read()
    with pytest.raises(tf.errors.InvalidArgumentError, match="mode must be"):
        gfile.GFile(path, "x")
    f = gfile.GFile(path)
    f.close()
    with pytest.raises(ValueError, match="closed file"):
        f.read()


# --- decode_csv ---------------------------------------------------------------------------------
def test_decode_csv_types_defaults_and_quotes():
    records = tf.constant(['1,2.5,"a,b",7', ',, ,8', '3,NA,"say ""hi""",9'])
    a, b, c, d = tf.io.decode_csv(records, [[0], [-1.0], ["?"], tf.constant([], tf.int64)], na_value="NA")
    assert a.dtype == tf.int32 and a.numpy().tolist() == [1, 0, 3]
    assert b.dtype == tf.float32 and b.numpy().tolist() == [2.5, -1.0, -1.0]
    assert c.numpy().tolist() == [b"a,b", b" ", b'say "hi"']
    assert d.dtype == tf.int64 and d.numpy().tolist() == [7, 8, 9]
    x, y = tf.io.decode_csv("1;2;3;4", [[0.0], [""]], field_delim=";", select_cols=[1, 3])
    assert x.shape == () and float(x) == 2.0 and y.numpy() == b"4"
    grid = tf.io.decode_csv([["1|x"], ["2|y"]], [[0], [""]], field_delim="|")
    assert grid[0].shape == (2, 1) and grid[1].numpy().tolist() == [[b"x"], [b"y"]]
    (raw,) = tf.io.decode_csv(['a"b'], [[""]], use_quote_delim=False)
    assert raw.numpy().tolist() == [b'a"b']
    (f64,) = tf.io.decode_csv(["1e-300"], [tf.constant([0.0], tf.float64)])
    assert f64.dtype == tf.float64 and f64.numpy()[0] == 1e-300


def test_decode_csv_errors_name_record_and_columns():
    with pytest.raises(tf.errors.InvalidArgumentError, match="Expect 3 fields but have 2 in record 1"):
        tf.io.decode_csv(["1,2,3", "4,5"], [[0], [0], [0]])
    with pytest.raises(tf.errors.InvalidArgumentError, match="Field 1 is required but missing in record 0"):
        tf.io.decode_csv(["1,,3"], [[0], tf.int32, [0]])
    with pytest.raises(tf.errors.InvalidArgumentError, match="Field 0 in record 0 is not a valid int32: 'x'"):
        tf.io.decode_csv(["x,1"], [[0], [0]])
    with pytest.raises(tf.errors.InvalidArgumentError, match="not a valid int32: '3000000000'"):
        tf.io.decode_csv(["3000000000"], [[0]])
    with pytest.raises(tf.errors.InvalidArgumentError, match="quote"):
        tf.io.decode_csv(['"open,1'], [[""], [0]])
    with pytest.raises(ValueError, match="record_defaults"):
        tf.io.decode_csv(["1,2"], [[0]], select_cols=[0, 1])
    with pytest.raises(ValueError, match="dtype bool"):
        tf.io.decode_csv(["1"], [[True]])
    # Readers that know the file pass it on: the error names the file and line.
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"Expect 2 fields but have 3 in record 1 \(file data.csv, line 3\)"):
        decode_csv_rows(["1,2", "3,4,5"], column_specs([[0], [0]]), source="data.csv", line_numbers=[2, 3])


# --- image codecs -------------------------------------------------------------------------------
def test_decodes_tensorflow_pngs_exactly():
    png = tf.io.read_file(str(FIXTURES / "tf_rgb.png"))
    decoded = tf.io.decode_png(png)
    assert decoded.dtype == tf.uint8 and decoded.shape == (17, 23, 3)
    np.testing.assert_array_equal(decoded.numpy(), PIXELS)
    np.testing.assert_array_equal(tf.io.decode_image(png).numpy(), PIXELS)
    rgba = tf.io.decode_png(png, channels=4).numpy()
    assert rgba.shape == (17, 23, 4) and (rgba[..., 3] == 255).all()
    gray16 = (FIXTURES / "tf_gray16.png").read_bytes()
    np.testing.assert_array_equal(tf.io.decode_png(gray16, dtype=tf.uint16).numpy(), GRAY16)
    np.testing.assert_array_equal(tf.io.decode_png(gray16).numpy(), (GRAY16 >> 8).astype(np.uint8))
    as_float = tf.io.decode_image(gray16, dtype=tf.float32).numpy()
    np.testing.assert_allclose(as_float, GRAY16 / 65535.0, rtol=1e-6)
    assert tf.io.decode_png(png, dtype=tf.uint16).numpy()[0, 1, 0] == int(PIXELS[0, 1, 0]) * 257


def test_decodes_tensorflow_jpeg_close_to_tensorflow():
    jpeg = (FIXTURES / "tf_rgb.jpg").read_bytes()
    decoded = tf.io.decode_jpeg(jpeg).numpy()
    reference = np.load(FIXTURES / "tf_rgb_jpg_decoded.npy")  # what tf.io.decode_jpeg returned
    assert decoded.shape == reference.shape == (17, 23, 3)
    difference = np.abs(decoded.astype(int) - reference)  # libjpeg settings differ slightly
    assert difference.mean() < 2 and difference.max() <= 8
    assert bool(tf.io.is_jpeg(jpeg)) and not bool(tf.io.is_jpeg(b"\x89PNG"))
    assert tf.io.decode_jpeg(jpeg, ratio=2).shape == (9, 12, 3)
    assert tf.io.decode_jpeg(jpeg, channels=1).shape == (17, 23, 1)


def test_encode_png_round_trips_every_layout(tmp_path):
    for image in (PIXELS, PIXELS[..., :1], PIXELS[..., :2], np.dstack([PIXELS, PIXELS[..., :1]]), GRAY16):
        encoded = tf.io.encode_png(tf.constant(image), compression=9)
        assert encoded.dtype == tf.string and encoded.shape == ()
        np.testing.assert_array_equal(tf.io.decode_png(encoded, dtype=tf.as_dtype(image.dtype)).numpy(), image)
    rgb16 = PIXELS.astype(np.uint16) * 251
    encoded = tf.io.encode_png(rgb16)
    assert encoded.numpy()[24:26] == bytes([16, 2])  # IHDR: bit depth 16, colour type RGB
    np.testing.assert_array_equal(tf.io.decode_png(encoded).numpy(), (rgb16 >> 8).astype(np.uint8))
    with pytest.raises(tf.errors.UnimplementedError, match="16-bit colour PNGs decode only to uint8"):
        tf.io.decode_png(encoded, dtype=tf.uint16)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Received shape \(17, 23\)"):
        tf.io.encode_png(PIXELS[..., 0])


def test_write_images_for_tensorflow(tmp_path):
    """Leaves files that `make_image_fixtures.py check DIR` decodes with TensorFlow."""
    directory = os.environ.get("NEUROFLOW_IMAGE_CHECK_DIR", str(tmp_path))
    tf.io.write_file(os.path.join(directory, "nf_rgb.png"), tf.io.encode_png(PIXELS))
    tf.io.write_file(os.path.join(directory, "nf_gray16.png"), tf.io.encode_png(GRAY16))
    tf.io.write_file(os.path.join(directory, "nf_rgb16.png"), tf.io.encode_png(PIXELS.astype(np.uint16) * 251))
    jpeg = tf.io.encode_jpeg(PIXELS, quality=90)
    tf.io.write_file(os.path.join(directory, "nf_rgb.jpg"), jpeg)
    # Same image, same quality: close to what TensorFlow's own encoder and decoder give.
    reference = np.load(FIXTURES / "tf_rgb_jpg_decoded.npy")
    assert np.abs(tf.io.decode_jpeg(jpeg).numpy().astype(int) - reference).mean() < 2


def test_encode_jpeg_options():
    gray = tf.io.encode_jpeg(PIXELS, format="grayscale", quality=100, progressive=True, optimize_size=True,
                             chroma_downsampling=False, density_unit="cm", x_density=100, y_density=50)
    assert tf.io.decode_jpeg(gray).shape == (17, 23, 1)
    from PIL import Image
    with Image.open(io.BytesIO(gray.numpy())) as opened:
        assert opened.mode == "L" and round(opened.info["dpi"][0]) == 254
    with pytest.raises(tf.errors.InvalidArgumentError, match="channels in \\(1, 3\\)"):
        tf.io.encode_jpeg(np.dstack([PIXELS, PIXELS[..., :1]]))


def test_gif_frames_and_expand_animations():
    from PIL import Image
    frames = [Image.fromarray(np.full((4, 6, 3), value, np.uint8)) for value in (0, 120, 250)]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:], duration=50)
    gif = buffer.getvalue()
    animation = tf.io.decode_image(gif)
    assert animation.shape == (3, 4, 6, 3)
    assert animation.numpy()[:, 0, 0, 0].tolist() == [0, 120, 250]
    assert tf.io.decode_image(gif, expand_animations=False).shape == (4, 6, 3)
    assert tf.io.decode_gif(gif).shape == (3, 4, 6, 3)
    with pytest.raises(tf.errors.InvalidArgumentError, match="not a GIF"):
        tf.io.decode_gif((FIXTURES / "tf_rgb.png").read_bytes())


@pytest.mark.parametrize("cut", [60, -20, -1])
def test_truncated_png_is_invalid_argument(cut):
    png = (FIXTURES / "tf_rgb.png").read_bytes()
    with pytest.raises(tf.errors.InvalidArgumentError, match="DecodePng: Invalid PNG data"):
        tf.io.decode_png(png[:cut])


def test_bad_image_data_errors():
    jpeg = (FIXTURES / "tf_rgb.jpg").read_bytes()
    with pytest.raises(tf.errors.InvalidArgumentError, match="JPEG data is corrupt or truncated"):
        tf.io.decode_jpeg(jpeg[:-100])
    with pytest.raises(tf.errors.InvalidArgumentError, match="Unknown image file format"):
        tf.io.decode_image(b"not an image")
    with pytest.raises(tf.errors.InvalidArgumentError, match="channels must be one of"):
        tf.io.decode_jpeg(jpeg, channels=4)


def test_missing_pillow_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "PIL", None)
    with pytest.raises(ImportError, match=r"pip install neuroflow\[images\]"):
        tf.io.decode_png((FIXTURES / "tf_rgb.png").read_bytes())
    assert tf.io.encode_png(PIXELS).numpy().startswith(b"\x89PNG")  # PNG encoding needs no Pillow


# --- decode_raw / decode_compressed -------------------------------------------------------------
def test_decode_raw_and_compressed():
    import gzip
    import zlib
    values = np.array([[1, -2], [300, 4]], np.int16)
    decoded = tf.io.decode_raw(tf.constant([row.tobytes() for row in values]), tf.int16)
    assert decoded.dtype == tf.int16 and decoded.numpy().tolist() == values.tolist()
    big = tf.io.decode_raw(values[0].astype(">i2").tobytes(), tf.int16, little_endian=False)
    assert big.numpy().tolist() == [1, -2]
    padded = tf.io.decode_raw([b"\x01", b"\x02\x03\x04"], tf.uint8, fixed_length=2)
    assert padded.numpy().tolist() == [[1, 0], [2, 3]]
    with pytest.raises(tf.errors.InvalidArgumentError, match="same size"):
        tf.io.decode_raw([b"\x01", b"\x02\x03"], tf.uint8)
    with pytest.raises(tf.errors.InvalidArgumentError, match="not a multiple of 4"):
        tf.io.decode_raw([b"\x01\x02"], tf.float32)
    packed = tf.constant([zlib.compress(b"alpha"), zlib.compress(b"")])
    assert tf.io.decode_compressed(packed, "ZLIB").numpy().tolist() == [b"alpha", b""]
    assert tf.io.decode_compressed(gzip.compress(b"beta"), "GZIP").numpy() == b"beta"
    with pytest.raises(tf.errors.InvalidArgumentError, match="not valid GZIP data"):
        tf.io.decode_compressed([b"plain"], "GZIP")


def test_only_local_paths():
    with pytest.raises(tf.errors.UnimplementedError, match="scheme 'gs' not implemented"):
        gfile.exists("gs://bucket/data.tfrecord")
    with pytest.raises(tf.errors.UnimplementedError, match="scheme 's3'"):
        tf.io.TFRecordWriter("s3://bucket/out.tfrecord")
    assert gfile.exists("file://" + str(FIXTURES / "tf_rgb.png"))
