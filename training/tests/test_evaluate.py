import unittest

from lpr_training.recognizer.evaluate import province_accuracy

PROVINCES = "京沪渝皖"


class ProvinceAccuracyTest(unittest.TestCase):
    def test_counts_only_plates_that_begin_with_a_province(self):
        texts = ["渝D00796", "皖A12345", "WJ07X0230", "京AB1234"]
        predictions = ["沪D00796", "皖A12845", "WJ07X0230", ""]
        # 渝 read as 沪 (wrong), 皖 right though the plate is not, WJ has no province, an empty read is wrong.
        self.assertAlmostEqual(province_accuracy(predictions, texts, PROVINCES), 1 / 3)

    def test_none_without_provinces(self):
        self.assertIsNone(province_accuracy(["XSNB23"], ["XSNB23"], PROVINCES))
        self.assertIsNone(province_accuracy(["皖A12345"], ["皖A12345"], ""))


if __name__ == "__main__":
    unittest.main()
