"""The functions of `tf.data.experimental`: transformations for `Dataset.apply`, and older spellings."""
from ..dataset import Dataset

__all__ = ["assert_cardinality", "cardinality", "choose_from_datasets", "ignore_errors", "sample_from_datasets"]


def cardinality(dataset):
    """`dataset.cardinality()`: the number of elements, or INFINITE_CARDINALITY / UNKNOWN_CARDINALITY."""
    return dataset.cardinality()


def assert_cardinality(expected_cardinality):
    """For `apply`: declares the number of elements (FailedPreconditionError if the data disagrees)."""
    def apply(dataset):
        from ..transformations import _AssertCardinalityDataset
        return _AssertCardinalityDataset(dataset, expected_cardinality)
    return apply


def ignore_errors(log_warning=False):
    """For `apply`: drops elements whose computation raised an error."""
    return lambda dataset: dataset.ignore_errors(log_warning)


def sample_from_datasets(datasets, weights=None, seed=None, stop_on_empty_dataset=False):
    """`tf.data.Dataset.sample_from_datasets` under its older name."""
    return Dataset.sample_from_datasets(datasets, weights, seed, stop_on_empty_dataset)


def choose_from_datasets(datasets, choice_dataset, stop_on_empty_dataset=True):
    """`tf.data.Dataset.choose_from_datasets` under its older name."""
    return Dataset.choose_from_datasets(datasets, choice_dataset, stop_on_empty_dataset)
