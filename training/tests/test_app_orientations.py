"""The evaluator scores a package as the app grades: averaged over the same orientations."""

import numpy as np

from blastograde_train.evaluate import app_orientations


def _views(image):
    return [v[0, :, :, 0].tolist() for v in app_orientations(np.asarray(image, dtype=np.float32)[None, :, :, None])]


def test_a_square_image_gives_its_eight_symmetries_identity_first_in_the_apps_order():
    image = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
    views = _views(image)
    assert views[0] == image
    assert views[1] == [[3, 2, 1], [6, 5, 4], [9, 8, 7]]  # mirrored left-right (tf.reverse axis 2)
    assert views[2] == [[7, 8, 9], [4, 5, 6], [1, 2, 3]]  # upside down (axis 1)
    assert views[4] == [[1, 4, 7], [2, 5, 8], [3, 6, 9]]  # the transpose
    expected = set()
    view = np.array(image)
    for _ in range(4):
        expected |= {str(view.astype(np.float32).tolist()), str(view[:, ::-1].astype(np.float32).tolist())}
        view = np.rot90(view)
    assert {str(v) for v in views} == expected and len(views) == 8


def test_a_non_square_image_gives_the_four_that_keep_its_shape():
    views = _views([[1, 2, 3], [4, 5, 6]])
    assert views == [[[1, 2, 3], [4, 5, 6]], [[3, 2, 1], [6, 5, 4]], [[4, 5, 6], [1, 2, 3]], [[6, 5, 4], [3, 2, 1]]]


def test_the_average_over_them_does_not_change_when_the_batch_is_turned():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(2, 5, 5, 3)).astype(np.float32)
    score = lambda v: np.stack([(u * np.arange(75).reshape(5, 5, 3)).sum(axis=(1, 2, 3)) for u in app_orientations(v)]).mean(0)  # noqa: E731
    np.testing.assert_allclose(score(x), score(np.rot90(x, 1, axes=(1, 2))), rtol=1e-5)
    assert not np.allclose(score(x), (x * np.arange(75).reshape(5, 5, 3)).sum(axis=(1, 2, 3)))
