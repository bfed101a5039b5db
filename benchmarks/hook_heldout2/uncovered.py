"""ML failures nobody in the three registries covers: small real scripts, run for real.

Each is what a researcher's script does wrong on a normal day (a reshape to the wrong image
size, a broken JSON config, a `CUDA_VISIBLE_DEVICES` with a trailing comma, a pandas merge
on mismatched dtypes, a scikit-learn split too small...), run with numpy, pandas,
scikit-learn and PyYAML installed (`--ml-python`). The collector drops any whose output holds
an error text a registry quotes (`sources.quoted_in`).
"""

from __future__ import annotations

_NP = "import numpy as np\n"
_PD = "import pandas as pd\n"

SCRIPTS: dict[str, str] = {
    "np-reshape-image": _NP
    + "x = np.zeros(2 * 3 * 224 * 224)\nbatch = x.reshape(-1, 3, 256, 256)\n",
    "np-broadcast": _NP + "emb = np.ones((32, 128))\nproj = np.ones((32, 64))\nout = emb + proj\n",
    "np-stack": _NP + "feats = [np.ones((10, 4)), np.ones((9, 4))]\nX = np.stack(feats)\n",
    "np-float-index": _NP + "scores = np.arange(10)\nmid = len(scores) / 2\nprint(scores[mid])\n",
    "np-bool-index": _NP
    + "x = np.arange(10)\nmask = np.array([True, False] * 4)\nprint(x[mask])\n",
    "np-argmax-empty": _NP + "logits = np.array([])\nprint(np.argmax(logits))\n",
    "np-load-pickle": _NP
    + "np.save('meta.npy', np.array([{'id': 1}], dtype=object))\nmeta = np.load('meta.npy')\n",
    "np-choice": _NP
    + "rng = np.random.default_rng(0)\nidx = rng.choice(5, size=10, replace=False)\n",
    "np-cholesky": _NP + "cov = np.array([[1.0, 2.0], [2.0, 1.0]])\nL = np.linalg.cholesky(cov)\n",
    "np-memmap": _NP
    + "open('emb.bin', 'wb').write(b'0' * 100)\nm = np.memmap('emb.bin', dtype='float32', mode='r', shape=(1000, 768))\n",
    "np-npy-text": _NP
    + "open('vectors.npy', 'w').write('not numpy')\nv = np.load('vectors.npy')\n",
    "pd-merge-dtype": _PD
    + "a = pd.DataFrame({'id': [1, 2], 'x': [0.1, 0.2]})\nb = pd.DataFrame({'id': ['1', '2'], 'y': [1, 0]})\nprint(a.merge(b, on='id'))\n",
    "pd-astype-int": _PD
    + "df = pd.DataFrame({'label': ['1', '0', 'n/a']})\ndf['label'] = df['label'].astype(int)\n",
    "pd-tokenizing": _PD
    + "open('scores.csv', 'w').write('a,b,c\\n1,2,3\\n4,5,6,7,8\\n')\ndf = pd.read_csv('scores.csv')\n",
    "pd-pivot-dup": _PD
    + "df = pd.DataFrame({'run': [1, 1], 'metric': ['acc', 'acc'], 'v': [0.1, 0.2]})\nprint(df.pivot(index='run', columns='metric', values='v'))\n",
    "pd-datetime": _PD
    + "s = pd.Series(['2024-01-05', '05/13/2024'])\nprint(pd.to_datetime(s, format='%Y-%m-%d'))\n",
    "pd-parquet": _PD + "pd.DataFrame({'a': [1]}).to_parquet('train.parquet')\n",
    "pd-json-lines": _PD
    + "open('preds.jsonl', 'w').write('{\"id\": 1}\\n{\"id\": 2}\\n')\ndf = pd.read_json('preds.jsonl')\n",
    "pd-loc-missing": _PD
    + "df = pd.DataFrame({'feat_1': [1], 'feat_2': [2]})\nprint(df.loc[:, ['feat_1', 'feat_9']])\n",
    "pd-reindex-dup": _PD
    + "s = pd.Series([1, 2], index=['a', 'a'])\nprint(s.reindex(['a', 'b']))\n",
    "pd-mean-object": _PD
    + "df = pd.DataFrame({'loss': ['0.5', '0.4', 'nan']})\nprint(df['loss'].mean())\n",
    "sk-inconsistent": "from sklearn.linear_model import LogisticRegression\nimport numpy as np\nX = np.random.rand(100, 4)\ny = np.random.randint(0, 2, 99)\nLogisticRegression().fit(X, y)\n",
    "sk-nan": "from sklearn.linear_model import LinearRegression\nimport numpy as np\nX = np.array([[1.0], [np.nan], [3.0]])\nLinearRegression().fit(X, [1, 2, 3])\n",
    "sk-not-fitted": "from sklearn.preprocessing import StandardScaler\nimport numpy as np\nscaler = StandardScaler()\nscaler.transform(np.ones((2, 2)))\n",
    "sk-string-features": "from sklearn.linear_model import Ridge\nRidge().fit([['cat', 1], ['dog', 2]], [0.5, 0.7])\n",
    "sk-n-features": "from sklearn.linear_model import LogisticRegression\nimport numpy as np\nm = LogisticRegression().fit(np.random.rand(20, 12), [0, 1] * 10)\nm.predict(np.random.rand(3, 10))\n",
    "sk-stratify": "from sklearn.model_selection import train_test_split\ntrain_test_split(list(range(6)), [0, 0, 0, 0, 0, 1], stratify=[0, 0, 0, 0, 0, 1], test_size=0.3)\n",
    "sk-silhouette": "from sklearn.metrics import silhouette_score\nimport numpy as np\nprint(silhouette_score(np.random.rand(6, 2), [0] * 6))\n",
    "sk-kfold": "from sklearn.model_selection import KFold\nlist(KFold(n_splits=10).split(list(range(5))))\n",
    "sk-pca": "from sklearn.decomposition import PCA\nimport numpy as np\nPCA(n_components=50).fit(np.random.rand(20, 8))\n",
    "sk-label-unseen": "from sklearn.preprocessing import LabelEncoder\nle = LabelEncoder().fit(['cat', 'dog'])\nprint(le.transform(['cat', 'bird']))\n",
    "sk-onehot-unknown": "from sklearn.preprocessing import OneHotEncoder\nenc = OneHotEncoder().fit([['a'], ['b']])\nenc.transform([['z']])\n",
    "json-config": "import json\nopen('config.json', 'w').write('{\\n  \"lr\": 3e-4,\\n  \"layers\": 12,\\n}\\n')\ncfg = json.load(open('config.json'))\n",
    "yaml-tab": "import yaml\nopen('sweep.yaml', 'w').write('lr:\\n\\t- 1e-4\\n\\t- 3e-4\\n')\nprint(yaml.safe_load(open('sweep.yaml')))\n",
    "cuda-visible-devices": "import os\nos.environ['CUDA_VISIBLE_DEVICES'] = '0,1,'\ndevices = [int(d) for d in os.environ['CUDA_VISIBLE_DEVICES'].split(',')]\nprint(devices)\n",
    "vocab-lookup": "vocab = {'<pad>': 0, 'the': 1, 'model': 2}\ntext = 'the tokenizer model'\nids = [vocab[w] for w in text.split()]\n",
    "tokenizer-json-truncated": 'import json\nopen(\'tokenizer.json\', \'w\').write(\'{"model": {"type": "BPE", "vocab": {"a": 0, "b\')\ntok = json.load(open(\'tokenizer.json\'))\n',
    "pickle-truncated": "import pickle\nopen('state.pkl', 'wb').write(pickle.dumps({'step': 100, 'opt': list(range(50))})[:40])\nstate = pickle.load(open('state.pkl', 'rb'))\n",
    "pickle-empty": "import pickle\nopen('cache.pkl', 'wb').close()\ncache = pickle.load(open('cache.pkl', 'rb'))\n",
    "argparse-missing-value": "import argparse, sys\np = argparse.ArgumentParser(prog='train.py')\np.add_argument('--lr', type=float)\np.parse_args(['--lr'])\n",
    "argparse-unknown": "import argparse\np = argparse.ArgumentParser(prog='train.py')\np.add_argument('--epochs', type=int)\np.parse_args(['--num_epochs', '3'])\n",
    "mp-pickle-lambda": "import multiprocessing as mp\n\n\ndef main():\n    ctx = mp.get_context('spawn')\n    with ctx.Pool(2) as pool:\n        print(pool.map(lambda x: x * 2, range(4)))\n\n\nif __name__ == '__main__':\n    main()\n",
    "tar-corrupt": "import tarfile\nopen('shard-000.tar', 'wb').write(b'<html>rate limited</html>')\ntarfile.open('shard-000.tar')\n",
    "zip-html": "import zipfile\nopen('model.zip', 'w').write('<!DOCTYPE html><html>Sign in</html>')\nzipfile.ZipFile('model.zip').extractall('model')\n",
    "csv-field-limit": "import csv\nopen('docs.csv', 'w').write('id,text\\n1,' + 'x' * 200000 + '\\n')\nrows = list(csv.reader(open('docs.csv')))\n",
    "recursion-tree": "def depth(node):\n    return 1 + max(depth(c) for c in node['children'])\n\n\nnode = {'children': []}\nnode['children'].append(node)\nprint(depth(node))\n",
    "seed-overflow": _NP + "np.random.seed(2**32 + 7)\n",
    "dtype-overflow": _NP
    + "ids = np.array([70000], dtype=np.int64)\nprint(ids.astype(np.uint16, casting='safe'))\n",
    "lr-schedule-str": "import math\nwarmup = '100'\nstep = 50\nprint(min(1.0, step / warmup))\n",
}
