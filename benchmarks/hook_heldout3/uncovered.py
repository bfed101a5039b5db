"""ML failures nobody in the three registries covers, v3: small real scripts, run for real.

None repeats a v2 script (`hook_heldout2/uncovered.py`): these lean on torch (CPU), the
scikit-learn and pandas calls v2 left out, Hydra/OmegaConf configs and the standard
library's data plumbing. Run with `--ml-python` (numpy, pandas, scikit-learn, torch,
hydra-core...); the collector drops any whose output holds an error text a registry quotes
(`hook_heldout2.sources.quoted_in`) or that exits 0.
"""

from __future__ import annotations

_T = "import torch\n"
_NP = "import numpy as np\n"
_PD = "import pandas as pd\n"

SCRIPTS: dict[str, str] = {
    "torch-view-stride": _T + "x = torch.randn(8, 16).t()\nflat = x.view(-1)\n",
    "torch-inplace-leaf": _T + "w = torch.zeros(3, requires_grad=True)\nw += 1.0\n",
    "torch-numpy-grad": _T + "logits = torch.randn(4, 2, requires_grad=True)\n"
    "preds = logits.numpy()\n",
    "torch-item-many": _T + "loss = torch.randn(4)\nprint(f'loss={loss.item():.4f}')\n",
    "torch-empty-params": _T + "opt = torch.optim.AdamW([], lr=1e-3)\n",
    "torch-bool-ambiguous": _T + "acc = torch.tensor([0.5, 0.7])\nif acc > 0.6:\n    print('ok')\n",
    "torch-no-grad-fn": _T
    + "with torch.no_grad():\n    y = torch.randn(3, requires_grad=True) * 2\n"
    "y.sum().backward()\n",
    "torch-conv-channels": _T
    + "conv = torch.nn.Conv2d(3, 16, 3)\nimgs = torch.randn(8, 1, 28, 28)\n"
    "out = conv(imgs)\n",
    "torch-lstm-input-size": _T
    + "rnn = torch.nn.LSTM(input_size=32, hidden_size=64, batch_first=True)\n"
    "seq = torch.randn(4, 10, 48)\nout, _ = rnn(seq)\n",
    "torch-randint-range": _T + "idx = torch.randint(10, 5, (4,))\n",
    "torch-one-hot-negative": _T + "labels = torch.tensor([0, 2, -1])\n"
    "y = torch.nn.functional.one_hot(labels, num_classes=3)\n",
    "torch-nll-target": _T + "logp = torch.log_softmax(torch.randn(4, 3), dim=1)\n"
    "loss = torch.nn.functional.nll_loss(logp, torch.tensor([0, 1, 2, 5]))\n",
    "torch-bce-range": _T + "p = torch.tensor([0.2, 1.7])\n"
    "loss = torch.nn.functional.binary_cross_entropy(p, torch.tensor([0.0, 1.0]))\n",
    "torch-clip-nonfinite": _T + "p = torch.nn.Parameter(torch.ones(2))\n"
    "p.grad = torch.tensor([float('inf'), 1.0])\n"
    "torch.nn.utils.clip_grad_norm_([p], 1.0, error_if_nonfinite=True)\n",
    "torch-attr-typo": _T + "layer = torch.nn.Linear(4, 2)\nprint(layer.weights.shape)\n",
    "torch-buffer-exists": _T + "class M(torch.nn.Module):\n    def __init__(self):\n"
    "        super().__init__()\n        self.scale = 2.0\n"
    "        self.register_buffer('scale', torch.ones(1))\nM()\n",
    "torch-cross-entropy-float": _T
    + "logits = torch.randn(4, 3)\ntarget = torch.tensor([0.0, 1.0, 2.0, 1.0])\n"
    "loss = torch.nn.functional.cross_entropy(logits, target.unsqueeze(1))\n",
    "torch-stack-sizes": _T + "batch = [torch.zeros(12), torch.zeros(9)]\nx = torch.stack(batch)\n",
    "torch-arange-step": _T + "steps = torch.arange(0, 10, 0)\n",
    "torch-permute-dims": _T + "x = torch.randn(2, 3, 4)\ny = x.permute(0, 2)\n",
    "torch-sequential-key": _T + "net = torch.nn.Sequential(torch.nn.Linear(2, 2))\n"
    "net.load_state_dict({'0.weight': torch.zeros(2, 2), '0.bias': torch.zeros(2),"
    " 'head.weight': torch.zeros(1)}, strict=True)\n",
    "torch-jit-script": _T + "@torch.jit.script\ndef f(x: torch.Tensor):\n"
    "    return [y for y in x if y > 0] + {1: 2}\n",
    "torch-dataloader-getitem": _T + "from torch.utils.data import DataLoader, Dataset\n"
    "class Rows(Dataset):\n    def __len__(self):\n        return 10\n"
    "    def __getitem__(self, i):\n        return {'text': None if i == 7 else 'ok'}\n"
    "for batch in DataLoader(Rows(), batch_size=4):\n    pass\n",
    "torch-gather-index": _T
    + "x = torch.randn(3, 4)\nidx = torch.tensor([[0], [1]], dtype=torch.int32)\n"
    "y = x.gather(1, idx)\n",
    "torch-tensor-ragged": _T + "x = torch.tensor([[1, 2, 3], [4, 5]])\n",
    "torch-linspace-steps": _T + "grid = torch.linspace(0, 1, steps=-5)\n",
    "sk-solver-penalty": "from sklearn.linear_model import LogisticRegression\n"
    "import numpy as np\nX, y = np.random.rand(20, 3), np.arange(20) % 2\n"
    "LogisticRegression(penalty='l1', solver='lbfgs').fit(X, y)\n",
    "sk-roc-one-class": "from sklearn.metrics import roc_auc_score\n"
    "print(roc_auc_score([1, 1, 1, 1], [0.2, 0.9, 0.4, 0.8]))\n",
    "sk-kmeans-too-few": "import numpy as np\nfrom sklearn.cluster import KMeans\n"
    "KMeans(n_clusters=8, n_init=1).fit(np.random.rand(5, 2))\n",
    "sk-scaler-3d": "import numpy as np\nfrom sklearn.preprocessing import StandardScaler\n"
    "StandardScaler().fit(np.random.rand(4, 3, 2))\n",
    "sk-bad-scoring": "import numpy as np\nfrom sklearn.model_selection import cross_val_score\n"
    "from sklearn.tree import DecisionTreeClassifier\n"
    "cross_val_score(DecisionTreeClassifier(), np.random.rand(20, 2), np.arange(20) % 2,"
    " scoring='accuracyy')\n",
    "sk-target-names": "from sklearn.metrics import classification_report\n"
    "print(classification_report([0, 1, 2, 2], [0, 2, 1, 2], target_names=['neg', 'pos']))\n",
    "sk-grid-param": "import numpy as np\nfrom sklearn.model_selection import GridSearchCV\n"
    "from sklearn.pipeline import make_pipeline\nfrom sklearn.preprocessing import StandardScaler\n"
    "from sklearn.svm import SVC\npipe = make_pipeline(StandardScaler(), SVC())\n"
    "GridSearchCV(pipe, {'C': [0.1, 1]}).fit(np.random.rand(20, 2), np.arange(20) % 2)\n",
    "sk-test-size": "from sklearn.model_selection import train_test_split\n"
    "train_test_split(list(range(10)), test_size=15)\n",
    "sk-multiclass-average": "from sklearn.metrics import f1_score\n"
    "print(f1_score([0, 1, 2, 1], [0, 2, 1, 1]))\n",
    "sk-column-transformer": _PD + "from sklearn.compose import ColumnTransformer\n"
    "from sklearn.preprocessing import OneHotEncoder\n"
    "df = pd.DataFrame({'city': ['a', 'b'], 'age': [3, 4]})\n"
    "ColumnTransformer([('oh', OneHotEncoder(), ['country'])]).fit(df)\n",
    "pd-agg-typo": _PD + "df = pd.DataFrame({'model': ['a', 'a', 'b'], 'acc': [0.1, 0.2, 0.3]})\n"
    "print(df.groupby('model')['acc'].agg('meen'))\n",
    "pd-set-index-missing": _PD + "df = pd.DataFrame({'run': [1, 2], 'acc': [0.5, 0.6]})\n"
    "df = df.set_index('run_id')\n",
    "pd-excel-engine": _PD + "df = pd.DataFrame({'a': [1]})\ndf.to_excel('results.xlsx')\n",
    "pd-str-accessor": _PD + "df = pd.DataFrame({'tokens': [12, 40]})\n"
    "print(df['tokens'].str.split())\n",
    "pd-usecols": _PD + "open('metrics.csv', 'w').write('step,loss\\n1,0.5\\n')\n"
    "df = pd.read_csv('metrics.csv', usecols=['step', 'val_loss'])\n",
    "pd-length-values": _PD + "df = pd.DataFrame({'id': range(4)})\ndf['pred'] = [0, 1, 1]\n",
    "pd-cut-bins": _PD + "print(pd.cut([1, 5, 9], bins=[0, 10, 5]))\n",
    "pd-explode-counts": _PD + "df = pd.DataFrame({'a': [[1, 2]], 'b': [[1]]})\n"
    "print(df.explode(['a', 'b']))\n",
    "pd-query-syntax": _PD + "df = pd.DataFrame({'lr': [0.1, 0.01]})\nprint(df.query('lr >'))\n",
    "pd-concat-axis": _PD + "print(pd.concat([pd.Series([1]), pd.Series([2])], axis=2))\n",
    "np-einsum": _NP
    + "a, b = np.ones((2, 3)), np.ones((4, 5))\nprint(np.einsum('ij,jk->ik', a, b))\n",
    "np-percentile": _NP + "print(np.percentile(np.arange(10), 150))\n",
    "np-split-unequal": _NP + "parts = np.split(np.arange(10), 3)\n",
    "np-npz-key": _NP
    + "np.savez('ckpt.npz', w=np.ones(2))\nprint(np.load('ckpt.npz')['weights'])\n",
    "np-solve-square": _NP + "print(np.linalg.solve(np.ones((2, 3)), np.ones(2)))\n",
    "np-loadtxt-header": _NP + "open('emb.txt', 'w').write('dim0 dim1\\n0.1 0.2\\n')\n"
    "print(np.loadtxt('emb.txt'))\n",
    "np-histogram-nan": _NP + "print(np.histogram(np.array([1.0, np.nan, 3.0])))\n",
    "omegaconf-missing-key": "from omegaconf import OmegaConf\n"
    "cfg = OmegaConf.create({'data': {'root': '/data'}})\nOmegaConf.set_struct(cfg, True)\n"
    "print(cfg.data.cache_dir)\n",
    "omegaconf-interpolation": "from omegaconf import OmegaConf\n"
    "cfg = OmegaConf.create({'out': '${paths.root}/ckpt'})\nprint(cfg.out)\n",
    "omegaconf-mandatory": "from omegaconf import OmegaConf\n"
    "cfg = OmegaConf.create({'model': {'name': '???'}})\nprint(cfg.model.name)\n",
    "yaml-python-tag": "import yaml\n"
    "print(yaml.safe_load('shape: !!python/tuple [3, 224, 224]'))\n",
    "json-nan-strict": "import json\nprint(json.dumps({'loss': float('nan')}, allow_nan=False))\n",
    "csv-extra-field": "import csv, sys\nw = csv.DictWriter(sys.stdout, fieldnames=['step', 'loss'])\n"
    "w.writerow({'step': 1, 'loss': 0.5, 'f1': 0.7})\n",
    "random-sample-k": "import random\nval = random.sample(range(100), k=200)\n",
    "tqdm-total-str": "from tqdm import tqdm\nfor _ in tqdm(range(3), total='3'):\n    pass\n",
    "asyncio-not-coroutine": "import asyncio\ndef main():\n    return 1\nasyncio.run(main)\n",
}
