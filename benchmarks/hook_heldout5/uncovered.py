"""Real ML failures for held-out set v5: each script is run as `python NAME.py` (CPU only)
in a venv with torch, lightning, einops, scipy, scikit-learn, pandas, numpy, jsonschema,
h5py, zarr, netCDF4, Pillow, imageio, regex, tokenizers, click and typer, with no network.
Other failures than v4's `uncovered.py` (v4's scripts were read, the earlier sets' cases
were not: `collect.py` drops a script whose output holds an error any of the three
registries quotes, or ends in the error line of an earlier set's uncovered case)."""

from __future__ import annotations

_MP = "import multiprocessing as mp\n\n\n"

SCRIPTS: dict[str, str] = {
    # torch autograd, shapes and plumbing (CPU)
    "torch-leaf-inplace": "import torch\nbias = torch.zeros(3, requires_grad=True)\nbias.add_(0.1)\n",
    "torch-numpy-requires-grad": "import torch\nlogits = torch.nn.Linear(4, 2)(torch.randn(3, 4))\nprint(logits.numpy())\n",
    "torch-expand-size": "import torch\nmask = torch.ones(3, 16)\nprint(mask.expand(2, 16).shape)\n",
    "torch-ce-target-bounds": "import torch\nimport torch.nn.functional as F\nlogits = torch.randn(4, 3)\nlabels = torch.tensor([0, 1, 2, 3])\nprint(F.cross_entropy(logits, labels))\n",
    "torch-hook-size": "import torch\nx = torch.randn(4, requires_grad=True)\nx.register_hook(lambda grad: grad[:2])\n(x * 2).sum().backward()\n",
    "torch-grad-unused": "import torch\nx = torch.randn(3, requires_grad=True)\nz = torch.randn(3, requires_grad=True)\ny = (x ** 2).sum()\nprint(torch.autograd.grad(y, [x, z]))\n",
    "torch-clip-nonfinite": "import torch\nmodel = torch.nn.Linear(2, 1)\nmodel(torch.tensor([[float('inf'), 1.0]])).sum().backward()\ntorch.nn.utils.clip_grad_norm_(model.parameters(), 1.0, error_if_nonfinite=True)\n",
    "torch-reshape-size": "import torch\nflat = torch.arange(10)\nprint(flat.reshape(3, -1))\n",
    "torch-squeeze-dim": "import torch\nscores = torch.randn(2, 3)\nprint(scores.squeeze(5))\n",
    "torch-assign-parameter": "import torch\nlayer = torch.nn.Linear(4, 4)\nlayer.weight = torch.randn(4, 4)\n",
    "torch-modulelist-lambda": "import torch\nblocks = torch.nn.ModuleList([torch.nn.Linear(4, 4), lambda x: x.relu()])\n",
    "torch-one-hot-negative": "import torch\nimport torch.nn.functional as F\nlabels = torch.tensor([2, -1, 0])\nprint(F.one_hot(labels, num_classes=3))\n",
    "torch-topk-k": "import torch\nprobs = torch.softmax(torch.randn(5), 0)\nprint(torch.topk(probs, k=10))\n",
    "torch-einsum-operands": "import torch\nq = torch.randn(2, 8, 16)\nk = torch.randn(2, 8, 32)\nprint(torch.einsum('bqd,bkd->bqk', q, k).shape)\n",
    "torch-random-split": "import torch\nfrom torch.utils.data import random_split\ntrain, val = random_split(range(10), [5, 6])\n",
    "torch-onecycle-steps": "import torch\nmodel = torch.nn.Linear(2, 2)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\nsched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=10)\nfor _ in range(12):\n    opt.step()\n    sched.step()\n",
    "torch-optim-groups": "import torch\nmodel = torch.nn.Linear(2, 2)\nsaved = torch.optim.AdamW([{'params': [model.weight]}, {'params': [model.bias]}]).state_dict()\nopt = torch.optim.AdamW(model.parameters())\nopt.load_state_dict(saved)\n",
    "torch-collate-none": "import torch\nfrom torch.utils.data import DataLoader\nrows = [{'x': torch.zeros(2), 'y': 1}, {'x': torch.zeros(2), 'y': None}]\nfor batch in DataLoader(rows, batch_size=2):\n    print(batch)\n",
    "torch-tensor-bool": "import torch\nloss = torch.tensor([0.3, 0.2])\nif loss < 0.25:\n    print('converged')\n",
    "torch-item-many": "import torch\nloss = torch.tensor([0.3, 0.2])\nprint(f'loss {loss.item():.3f}')\n",
    "torch-module-missing-forward": "import torch\n\n\nclass Probe(torch.nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.proj = torch.nn.Linear(4, 2)\n\n    def foward(self, x):\n        return self.proj(x)\n\n\nprint(Probe()(torch.randn(1, 4)))\n",
    "torch-register-buffer-dup": "import torch\n\n\nclass Rope(torch.nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.freqs = torch.nn.Parameter(torch.ones(4))\n        self.register_buffer('freqs', torch.ones(4))\n\n\nRope()\n",
    "torch-gather-index-dims": "import torch\nlogp = torch.randn(4, 10)\ntargets = torch.tensor([1, 2, 3, 4])\nprint(logp.gather(1, targets))\n",
    # lightning
    "lightning-no-training-step": "import lightning as L\nimport torch\nfrom torch.utils.data import DataLoader, TensorDataset\n\n\nclass Model(L.LightningModule):\n    def __init__(self):\n        super().__init__()\n        self.layer = torch.nn.Linear(2, 1)\n\n    def configure_optimizers(self):\n        return torch.optim.SGD(self.parameters(), lr=0.1)\n\n\ndata = DataLoader(TensorDataset(torch.randn(8, 2), torch.randn(8, 1)), batch_size=4)\nL.Trainer(max_epochs=1, logger=False, enable_checkpointing=False).fit(Model(), data)\n",
    "lightning-gpu-request": "import lightning as L\ntrainer = L.Trainer(accelerator='gpu', devices=2)\n",
    "lightning-bad-precision": "import lightning as L\ntrainer = L.Trainer(accelerator='cpu', precision='fp8-mixed-extra')\n",
    # einops
    "einops-divide": "import numpy as np\nfrom einops import rearrange\npatches = np.zeros((2, 50, 3))\nprint(rearrange(patches, 'b (h w) c -> b h w c', h=7).shape)\n",
    "einops-one-side": "import numpy as np\nfrom einops import rearrange\nx = np.zeros((4, 8))\nprint(rearrange(x, 'b c -> b c d').shape)\n",
    "einops-reduce-ndim": "import numpy as np\nfrom einops import reduce\nfeatures = np.zeros((2, 3, 5))\nprint(reduce(features, 'b c h w -> b c', 'mean').shape)\n",
    "einops-repeat-size": "import numpy as np\nfrom einops import repeat\ngrid = np.zeros((4, 4))\nprint(repeat(grid, 'h w -> h w c').shape)\n",
    # scipy
    "sparse-dim-mismatch": "import scipy.sparse as sp\nadj = sp.random(5, 5, density=0.3, format='csr')\nfeat = sp.random(4, 3, density=0.5, format='csr')\nprint((adj @ feat).shape)\n",
    "sparse-indptr": "import numpy as np\nimport scipy.sparse as sp\nm = sp.csr_matrix((np.ones(3), np.array([0, 1, 2]), np.array([0, 1, 3])), shape=(3, 3))\n",
    "sparse-truth": "import scipy.sparse as sp\nadj = sp.eye(3, format='csr')\nif adj != adj.T:\n    print('directed')\n",
    "scipy-interp-range": "import numpy as np\nfrom scipy.interpolate import interp1d\nlr = interp1d(np.arange(11), np.linspace(1e-3, 1e-5, 11))\nprint(lr(12.5))\n",
    "scipy-curve-fit-maxfev": "import numpy as np\nfrom scipy.optimize import curve_fit\nsteps = np.arange(1, 50)\nloss = 3 * steps ** -0.3 + np.sin(steps)\nprint(curve_fit(lambda s, a, b, c: a * np.exp(b * s) + c, steps, loss, maxfev=10))\n",
    "scipy-cholesky": "import numpy as np\nfrom scipy.linalg import cholesky\ncov = np.array([[1.0, 2.0], [2.0, 1.0]])\nprint(cholesky(cov))\n",
    "scipy-loadmat-v73": "import h5py\nfrom scipy.io import loadmat\nwith h5py.File('features.mat', 'w') as f:\n    f['X'] = [1.0, 2.0]\nprint(loadmat('features.mat'))\n",
    # scikit-learn
    "sk-columntransformer-column": "import pandas as pd\nfrom sklearn.compose import ColumnTransformer\nfrom sklearn.preprocessing import StandardScaler\nframe = pd.DataFrame({'height': [1.0, 2.0], 'weight': [3.0, 4.0]})\nColumnTransformer([('num', StandardScaler(), ['height', 'age'])]).fit(frame)\n",
    "sk-string-features": "from sklearn.linear_model import LogisticRegression\nLogisticRegression().fit([['red', 1.0], ['blue', 2.0]], [0, 1])\n",
    "sk-input-nan": "import numpy as np\nfrom sklearn.linear_model import Ridge\nRidge().fit(np.array([[1.0], [np.nan], [3.0]]), [1, 2, 3])\n",
    "sk-ordinal-unknown": "from sklearn.preprocessing import OrdinalEncoder\nenc = OrdinalEncoder().fit([['s'], ['m'], ['l']])\nprint(enc.transform([['xl']]))\n",
    "sk-pipeline-intermediate": "from sklearn.linear_model import LogisticRegression\nfrom sklearn.pipeline import Pipeline\nfrom sklearn.preprocessing import StandardScaler\nPipeline([('clf', LogisticRegression()), ('scale', StandardScaler())]).fit([[0.0], [1.0]], [0, 1])\n",
    "sk-inconsistent-samples": "from sklearn.tree import DecisionTreeClassifier\nDecisionTreeClassifier().fit([[0], [1], [2], [3]], [0, 1, 1])\n",
    "sk-average-binary": "from sklearn.metrics import precision_score\nprint(precision_score([0, 1, 2, 2], [0, 2, 1, 2]))\n",
    "sk-continuous-labels": "from sklearn.svm import SVC\nSVC().fit([[0.0], [1.0], [2.0]], [0.1, 0.5, 0.9])\n",
    "sk-1d-input": "from sklearn.preprocessing import MinMaxScaler\nprint(MinMaxScaler().fit_transform([3.0, 1.0, 2.0]))\n",
    "sk-kmeans-clusters": "import numpy as np\nfrom sklearn.cluster import KMeans\nKMeans(n_clusters=10, n_init=1).fit(np.random.rand(5, 2))\n",
    "sk-tfidf-stopwords": "from sklearn.feature_extraction.text import TfidfVectorizer\nTfidfVectorizer(stop_words='english').fit(['the', 'and of', 'a'])\n",
    "sk-clone-param": "from sklearn.base import clone\nfrom sklearn.ensemble import RandomForestClassifier\nprint(RandomForestClassifier(n_estimator=100))\n",
    "sk-predict-proba-svc": "from sklearn.svm import SVC\nmodel = SVC().fit([[0.0], [1.0], [2.0], [3.0]], [0, 0, 1, 1])\nprint(model.predict_proba([[1.5]]))\n",
    # numpy
    "np-broadcast": "import numpy as np\nweights = np.zeros((3, 4))\nbias = np.zeros(3)\nprint(weights + bias)\n",
    "np-ufunc-casting": "import numpy as np\ncounts = np.zeros(3, dtype=np.int64)\ncounts += 0.5\n",
    "np-concat-dims": "import numpy as np\nprint(np.concatenate([np.zeros((2, 3)), np.zeros((2, 4))]))\n",
    "np-reshape-size": "import numpy as np\nprint(np.arange(10).reshape(3, 3))\n",
    "np-inhomogeneous": "import numpy as np\nbatch = np.array([[101, 7592, 102], [101, 102]])\n",
    "np-int8-overflow": "import numpy as np\nlabels = np.array([12, 300], dtype=np.int8)\n",
    "np-matmul-core": "import numpy as np\nprint(np.zeros((2, 3)) @ np.zeros((4, 5)))\n",
    "np-npz-key": "import numpy as np\nnp.savez('stats.npz', mean=np.zeros(3))\nprint(np.load('stats.npz')['std'])\n",
    "np-datetime-month": "import numpy as np\nprint(np.datetime64('2024-13-01'))\n",
    "np-seterr-raise": "import numpy as np\nnp.seterr(all='raise')\nprint(np.log(np.array([1.0, 0.0])))\n",
    # pandas
    "pd-merge-dtypes": "import pandas as pd\nleft = pd.DataFrame({'id': [1, 2], 'x': [0.1, 0.2]})\nright = pd.DataFrame({'id': ['1', '2'], 'y': [3, 4]})\nprint(left.merge(right, on='id'))\n",
    "pd-groupby-mean-object": "import pandas as pd\nruns = pd.DataFrame({'model': ['a', 'a', 'b'], 'tag': ['x', 'y', 'z'], 'acc': [0.1, 0.2, 0.3]})\nprint(runs.groupby('model').mean())\n",
    "pd-tz-compare": "import pandas as pd\nlog = pd.DataFrame({'ts': pd.to_datetime(['2024-01-01 10:00'], utc=True)})\nprint(log[log['ts'] > pd.Timestamp('2024-01-01')])\n",
    "pd-dt-accessor": "import pandas as pd\nlog = pd.DataFrame({'ts': ['2024-01-01', '2024-01-02']})\nprint(log['ts'].dt.hour)\n",
    "pd-resample-index": "import pandas as pd\nmetrics = pd.DataFrame({'loss': [1.0, 0.9, 0.8]})\nprint(metrics.resample('1h').mean())\n",
    "pd-loc-missing-cols": "import pandas as pd\nframe = pd.DataFrame({'loss': [1.0], 'acc': [0.5]})\nprint(frame.loc[:, ['loss', 'f1']])\n",
    "pd-concat-integrity": "import pandas as pd\na = pd.DataFrame({'x': [1]}, index=[0])\nb = pd.DataFrame({'x': [2]}, index=[0])\nprint(pd.concat([a, b], verify_integrity=True))\n",
    "pd-explode-counts": "import pandas as pd\nframe = pd.DataFrame({'tokens': [['a', 'b']], 'tags': [['X']]})\nprint(frame.explode(['tokens', 'tags']))\n",
    "pd-categorical-new": "import pandas as pd\nsplit = pd.Series(['train', 'test'], dtype='category')\nsplit[1] = 'validation'\n",
    "pd-series-truth": "import pandas as pd\nscores = pd.Series([0.2, 0.9])\nif scores > 0.5:\n    print('good')\n",
    "pd-timestamp-day": "import pandas as pd\nprint(pd.Timestamp('2024-02-30'))\n",
    "pd-groupby-missing-col": "import pandas as pd\nruns = pd.DataFrame({'model': ['a'], 'acc': [0.1]})\nprint(runs.groupby('seed')['acc'].mean())\n",
    # jsonschema
    "jsonschema-required": "import jsonschema\nschema = {'type': 'object', 'required': ['model', 'lr'], 'properties': {'lr': {'type': 'number'}}}\njsonschema.validate({'lr': 0.1}, schema)\n",
    "jsonschema-type": "import jsonschema\nschema = {'type': 'object', 'properties': {'lr': {'type': 'number'}}}\njsonschema.validate({'lr': '3e-4'}, schema)\n",
    "jsonschema-bad-schema": "import jsonschema\njsonschema.validate({'lr': 1}, {'type': 'object', 'properties': {'lr': {'type': 'float'}}})\n",
    # h5py / zarr / netCDF
    "h5py-missing-dataset": "import h5py\nwith h5py.File('feats.h5', 'w') as f:\n    f['ids'] = [1, 2, 3]\nwith h5py.File('feats.h5', 'r') as f:\n    print(f['embeddings'][:])\n",
    "h5py-not-hdf5": "import h5py\nopen('feats.h5', 'w').write('not hdf5')\nh5py.File('feats.h5', 'r')\n",
    "h5py-dataset-exists": "import h5py\nwith h5py.File('cache.h5', 'w') as f:\n    f.create_dataset('x', data=[1, 2])\n    f.create_dataset('x', data=[3, 4])\n",
    "h5py-read-only-write": "import h5py\nwith h5py.File('cache.h5', 'w') as f:\n    f['x'] = [1, 2]\nwith h5py.File('cache.h5', 'r') as f:\n    f['y'] = [3]\n",
    "zarr-missing-store": "import zarr\nz = zarr.open_array('features.zarr', mode='r')\n",
    "zarr-shape-assign": "import numpy as np\nimport zarr\nz = zarr.create_array(store='emb.zarr', shape=(4, 8), dtype='f4', chunks=(2, 8))\nz[:] = np.zeros((4, 6))\n",
    "netcdf-unknown-format": "import netCDF4\nopen('era5.nc', 'w').write('CDF? no')\nnetCDF4.Dataset('era5.nc')\n",
    "netcdf-missing-var": "import netCDF4\nwith netCDF4.Dataset('t2m.nc', 'w') as ds:\n    ds.createDimension('time', 2)\n    ds.createVariable('t2m', 'f4', ('time',))\nwith netCDF4.Dataset('t2m.nc') as ds:\n    print(ds['precip'][:])\n",
    # Pillow / imageio
    "pil-unidentified": "from PIL import Image\nopen('cat_001.png', 'w').write('<html>404</html>')\nImage.open('cat_001.png')\n",
    "pil-rgba-jpeg": "from PIL import Image\nImage.new('RGBA', (8, 8)).save('thumb.jpg')\n",
    "pil-truncated": "import io\nfrom PIL import Image\nbuf = io.BytesIO()\nImage.new('RGB', (64, 64), 'red').save(buf, 'JPEG')\nopen('crop.jpg', 'wb').write(buf.getvalue()[:300])\nImage.open('crop.jpg').load()\n",
    "pil-fromarray-float": "import numpy as np\nfrom PIL import Image\nImage.fromarray(np.random.rand(4, 4, 3)).save('pred.png')\n",
    "pil-resize-size": "from PIL import Image\nImage.new('RGB', (8, 8)).resize(224)\n",
    "imageio-no-backend": "import imageio.v3 as iio\nopen('frame.png', 'w').write('plain text')\niio.imread('frame.png')\n",
    # regex and unicode
    "re-bad-escape": "import re\nword = re.compile(r'\\p{L}+')\n",
    "re-lookbehind": "import re\nre.compile(r'(?<=step=\\d+)loss')\n",
    "regex-bad-set": "import regex\nregex.compile(r'[a-')\n",
    "unicode-decode": "open('corpus.txt', 'wb').write('caf\\u00e9 na\\u00efve'.encode('latin-1'))\nprint(open('corpus.txt', encoding='utf-8').read())\n",
    "unicode-encode-ascii": "text = 'na\\u00efve caf\\u00e9'\nprint(text.encode('ascii'))\n",
    "unicodedata-form": "import unicodedata\nprint(unicodedata.normalize('NFX', 'caf\\u00e9'))\n",
    # multiprocessing and asyncio
    "mp-local-function": _MP
    + "def main():\n    def tokenize(line):\n        return line.split()\n    with mp.get_context('spawn').Pool(2) as pool:\n        print(pool.map(tokenize, ['a b', 'c d']))\n\n\nif __name__ == '__main__':\n    main()\n",
    "asyncio-run-nested": "import asyncio\n\n\nasync def fetch():\n    return asyncio.run(asyncio.sleep(0))\n\n\nasyncio.run(fetch())\n",
    "asyncio-await-int": "import asyncio\n\n\nasync def main():\n    n = await len([1, 2])\n\n\nasyncio.run(main())\n",
    "asyncio-wait-for": "import asyncio\n\n\nasync def main():\n    await asyncio.wait_for(asyncio.sleep(1), timeout=0.01)\n\n\nasyncio.run(main())\n",
    # command lines
    "click-missing-option": "import click\n\n\n@click.command()\n@click.option('--data', required=True)\ndef main(data):\n    print(data)\n\n\nmain([], prog_name='train.py')\n",
    "click-bad-choice": "import click\n\n\n@click.command()\n@click.option('--precision', type=click.Choice(['fp32', 'bf16']))\ndef main(precision):\n    print(precision)\n\n\nmain(['--precision', 'bf32'], prog_name='train.py')\n",
    "typer-bad-int": "import sys\nimport typer\n\n\ndef main(epochs: int = 3):\n    print(epochs)\n\n\nsys.argv = ['train.py', '--epochs', 'ten']\ntyper.run(main)\n",
    "argparse-unrecognized": "import argparse\nparser = argparse.ArgumentParser(prog='train.py')\nparser.add_argument('--lr', type=float)\nparser.parse_args(['--lr', '3e-4', '--learning-rate', '3e-4'])\n",
    "argparse-invalid-int": "import argparse\nparser = argparse.ArgumentParser(prog='train.py')\nparser.add_argument('--steps', type=int)\nparser.parse_args(['--steps', '1e3'])\n",
    # sqlite
    "sqlite-unique": "import sqlite3\ndb = sqlite3.connect('runs.db')\ndb.execute('create table runs (run_id text primary key, loss real)')\ndb.execute(\"insert into runs values ('r1', 0.5)\")\ndb.execute(\"insert into runs values ('r1', 0.4)\")\n",
    "sqlite-no-column": "import sqlite3\ndb = sqlite3.connect(':memory:')\ndb.execute('create table runs (run_id text, loss real)')\ndb.execute('insert into runs (run_id, val_loss) values (?, ?)', ('r1', 0.3))\n",
    "sqlite-thread": "import sqlite3, threading\ndb = sqlite3.connect(':memory:')\nerrors = []\n\n\ndef log():\n    try:\n        db.execute('select 1')\n    except Exception as e:\n        errors.append(e)\n\n\nt = threading.Thread(target=log)\nt.start()\nt.join()\nraise errors[0]\n",
    # tokenizers, offline
    "tokenizers-missing-file": "from tokenizers import Tokenizer\ntok = Tokenizer.from_file('tokenizer/tokenizer.json')\n",
    "tokenizers-bad-json": "from tokenizers import Tokenizer\nopen('tokenizer.json', 'w').write('version https://git-lfs.github.com/spec/v1')\ntok = Tokenizer.from_file('tokenizer.json')\n",
    "tokenizers-encode-int": "from tokenizers import Tokenizer\nfrom tokenizers.models import WordLevel\ntok = Tokenizer(WordLevel({'[UNK]': 0}, unk_token='[UNK]'))\nprint(tok.encode(1234))\n",
    # plumbing
    "yaml-python-tag": "import yaml\nprint(yaml.safe_load('!!python/object:__main__.TrainConfig {lr: 0.1}'))\n",
    "dataclass-frozen": "from dataclasses import dataclass\n\n\n@dataclass(frozen=True)\nclass Config:\n    lr: float = 3e-4\n\n\ncfg = Config()\ncfg.lr = 1e-4\n",
    "json-bom": "import json\nopen('config.json', 'w', encoding='utf-8-sig').write('{\"lr\": 0.1}')\nprint(json.loads(open('config.json', encoding='utf-8').read()))\n",
    "csv-field-limit": "import csv\nopen('docs.csv', 'w').write('id,text\\n1,' + 'x' * 200000 + '\\n')\nprint(sum(1 for _ in csv.reader(open('docs.csv'))))\n",
    "struct-unpack": "import struct\nopen('tokens.bin', 'wb').write(b'\\x01\\x02\\x03')\nprint(struct.unpack('<Q', open('tokens.bin', 'rb').read()))\n",
    "gzip-not-gzipped": "import gzip\nopen('train.jsonl.gz', 'w').write('{\"text\": \"hi\"}\\n')\nprint(gzip.open('train.jsonl.gz').read())\n",
    "tarfile-bad": "import tarfile\nopen('shard-000.tar', 'w').write('not a tar')\ntarfile.open('shard-000.tar').extractall('data')\n",
}
