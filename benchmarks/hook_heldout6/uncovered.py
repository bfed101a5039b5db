"""Real ML and data failures for held-out set v6: each script is run as `python NAME.py`
(CPU only, no network) in a venv with xarray, statsmodels, networkx, sympy, numba, onnx,
onnxruntime, opencv-python-headless, soundfile, nltk (no data downloaded), lightgbm,
pydantic, msgpack, orjson, PyYAML, requests, fsspec, tqdm, IPython and pandas/numpy/scipy.
Libraries and failures v4's and v5's `uncovered.py` did not use (their scripts were read,
the earlier sets' cases were not: `collect.py` drops a script whose output holds an error
any of the three registries quotes, or ends in the error line of an earlier set's
uncovered case)."""

from __future__ import annotations

_ONNX_MODEL = (
    "import onnx\nfrom onnx import TensorProto, helper\n"
    "x = helper.make_tensor_value_info('x', TensorProto.FLOAT, [1, 4])\n"
    "y = helper.make_tensor_value_info('y', TensorProto.FLOAT, [1, 4])\n"
    "graph = helper.make_graph([helper.make_node('Relu', ['x'], ['y'])], 'g', [x], [y])\n"
    "onnx.save(helper.make_model(graph), 'relu.onnx')\n"
)
_DA = "import numpy as np\nimport xarray as xr\n"

SCRIPTS: dict[str, str] = {
    # xarray
    "xr-sel-missing": _DA
    + "t2m = xr.DataArray(np.zeros((3, 2)), dims=('time', 'lat'), coords={'time': [0, 1, 2], 'lat': [10.0, 20.0]})\nprint(t2m.sel(lat=15.0))\n",
    "xr-dim-name": _DA
    + "t2m = xr.DataArray(np.zeros((3, 2)), dims=('time', 'lat'))\nprint(t2m.mean(dim='lon'))\n",
    "xr-align-exact": _DA
    + "a = xr.DataArray([1, 2], dims='x', coords={'x': [0, 1]})\nb = xr.DataArray([1, 2], dims='x', coords={'x': [1, 2]})\nprint(xr.align(a, b, join='exact'))\n",
    "xr-open-missing": "import xarray as xr\nds = xr.open_dataset('era5_2024.nc')\n",
    "xr-dataset-var": _DA + "ds = xr.Dataset({'u10': ('time', np.zeros(4))})\nprint(ds['v10'])\n",
    "xr-coords-conflict": _DA
    + "print(xr.DataArray(np.zeros(3), dims='time', coords={'time': [0, 1]}))\n",
    # statsmodels
    "sm-ols-shapes": "import numpy as np\nimport statsmodels.api as sm\nsm.OLS(np.zeros(10), np.zeros((8, 2))).fit()\n",
    "sm-formula-missing": "import pandas as pd\nimport statsmodels.formula.api as smf\nframe = pd.DataFrame({'y': [1.0, 2.0, 3.0], 'x': [0.1, 0.2, 0.4]})\nprint(smf.ols('y ~ x + dose', frame).fit().params)\n",
    "sm-arima-order": "import numpy as np\nfrom statsmodels.tsa.arima.model import ARIMA\nARIMA(np.arange(20.0), order=(1, -1, 0)).fit()\n",
    "sm-adfuller-short": "import numpy as np\nfrom statsmodels.tsa.stattools import adfuller\nprint(adfuller(np.array([1.0, 2.0, 3.0])))\n",
    # networkx
    "nx-no-path": "import networkx as nx\ng = nx.Graph([(0, 1), (2, 3)])\nprint(nx.shortest_path(g, 0, 3))\n",
    "nx-missing-node": "import networkx as nx\ng = nx.DiGraph([('tokenize', 'train')])\nprint(list(g.successors('evaluate')))\n",
    "nx-cycle-topo": "import networkx as nx\ng = nx.DiGraph([('a', 'b'), ('b', 'c'), ('c', 'a')])\nprint(list(nx.topological_sort(g)))\n",
    "nx-not-connected": "import networkx as nx\nprint(nx.diameter(nx.Graph([(0, 1), (2, 3)])))\n",
    "nx-negative-cycle": "import networkx as nx\ng = nx.DiGraph()\ng.add_weighted_edges_from([(0, 1, 1), (1, 2, -3), (2, 0, 1)])\nprint(nx.bellman_ford_path(g, 0, 2))\n",
    # sympy
    "sympy-sympify": "import sympy\nprint(sympy.sympify('lr * (1 - step / total'))\n",
    "sympy-solve-nonpoly": "import sympy\nx = sympy.symbols('x')\nprint(sympy.solveset(sympy.sin(x) - x ** 3, x, domain=sympy.S.Reals).args[5])\n",
    "sympy-matrix-shape": "import sympy\nprint(sympy.Matrix([[1, 2], [3, 4]]) * sympy.Matrix([[1, 2, 3]]))\n",
    # numba
    "numba-typing": "from numba import njit\n\n\n@njit\ndef total(xs):\n    acc = 0\n    for x in xs:\n        acc += x\n    return acc\n\n\nprint(total(['a', 1]))\n",
    "numba-reflected-dict": "from numba import njit\n\n\n@njit\ndef lookup(vocab, word):\n    return vocab[word]\n\n\nprint(lookup({'a': 1}, 'a'))\n",
    "numba-object-array": "import numpy as np\nfrom numba import njit\n\n\n@njit\ndef first(xs):\n    return xs[0]\n\n\nprint(first(np.array([{'id': 1}], dtype=object)))\n",
    # onnx / onnxruntime
    "onnx-checker-opset": "import onnx\nfrom onnx import TensorProto, helper\nx = helper.make_tensor_value_info('x', TensorProto.FLOAT, [1])\ny = helper.make_tensor_value_info('y', TensorProto.FLOAT, [1])\ngraph = helper.make_graph([helper.make_node('GeluFast', ['x'], ['y'])], 'g', [x], [y])\nonnx.checker.check_model(helper.make_model(graph), full_check=True)\n",
    "ort-missing-file": "import onnxruntime as ort\nort.InferenceSession('export/model.onnx', providers=['CPUExecutionProvider'])\n",
    "ort-bad-input-name": "import numpy as np\nimport onnxruntime as ort\n"
    + _ONNX_MODEL
    + "sess = ort.InferenceSession('relu.onnx', providers=['CPUExecutionProvider'])\nprint(sess.run(None, {'input': np.zeros((1, 4), np.float32)}))\n",
    "ort-bad-dtype": "import numpy as np\nimport onnxruntime as ort\n"
    + _ONNX_MODEL
    + "sess = ort.InferenceSession('relu.onnx', providers=['CPUExecutionProvider'])\nprint(sess.run(None, {'x': np.zeros((1, 4), np.float64)}))\n",
    "ort-bad-rank": "import numpy as np\nimport onnxruntime as ort\n"
    + _ONNX_MODEL
    + "sess = ort.InferenceSession('relu.onnx', providers=['CPUExecutionProvider'])\nprint(sess.run(None, {'x': np.zeros((4,), np.float32)}))\n",
    "ort-not-onnx": "import onnxruntime as ort\nopen('model.onnx', 'wb').write(b'<html>Access denied</html>')\nort.InferenceSession('model.onnx', providers=['CPUExecutionProvider'])\n",
    # opencv
    "cv-imread-none": "import cv2\nimg = cv2.imread('frames/000123.jpg')\nprint(cv2.cvtColor(img, cv2.COLOR_BGR2RGB).shape)\n",
    "cv-resize-empty": "import cv2\nimport numpy as np\nprint(cv2.resize(np.zeros((0, 0, 3), np.uint8), (224, 224)))\n",
    "cv-float64-cvt": "import cv2\nimport numpy as np\nprint(cv2.cvtColor(np.zeros((4, 4, 3)), cv2.COLOR_BGR2GRAY))\n",
    "cv-video-frame": "import cv2\ncap = cv2.VideoCapture('clips/episode_07.mp4')\nok, frame = cap.read()\nprint(frame.shape)\n",
    "cv-imwrite-ext": "import cv2\nimport numpy as np\ncv2.imwrite('mask.xyz', np.zeros((4, 4), np.uint8))\n",
    # soundfile
    "sf-missing": "import soundfile as sf\ndata, rate = sf.read('clips/utt_0042.wav')\n",
    "sf-not-audio": "import soundfile as sf\nopen('utt.wav', 'w').write('version https://git-lfs.github.com/spec/v1')\nsf.read('utt.wav')\n",
    "sf-bad-subtype": "import numpy as np\nimport soundfile as sf\nsf.write('out.wav', np.zeros(1600), 16000, subtype='VORBIS')\n",
    # nltk, no data downloaded
    "nltk-punkt": "import nltk\nprint(nltk.word_tokenize('The model converged after 3 epochs.'))\n",
    "nltk-stopwords": "from nltk.corpus import stopwords\nprint(stopwords.words('english')[:5])\n",
    "nltk-wordnet": "from nltk.stem import WordNetLemmatizer\nprint(WordNetLemmatizer().lemmatize('running'))\n",
    # lightgbm
    "lgb-objective": "import lightgbm as lgb\nimport numpy as np\nlgb.train({'objective': 'binary_crossentropy', 'verbose': -1}, lgb.Dataset(np.random.rand(20, 3), label=np.arange(20) % 2))\n",
    "lgb-label-len": "import lightgbm as lgb\nimport numpy as np\nlgb.train({'objective': 'regression', 'verbose': -1}, lgb.Dataset(np.random.rand(20, 3), label=np.zeros(19)))\n",
    "lgb-multiclass-num": "import lightgbm as lgb\nimport numpy as np\nlgb.train({'objective': 'multiclass', 'num_class': 2, 'verbose': -1}, lgb.Dataset(np.random.rand(30, 3), label=np.arange(30) % 3))\n",
    "lgb-predict-features": "import lightgbm as lgb\nimport numpy as np\nbooster = lgb.train({'objective': 'regression', 'verbose': -1}, lgb.Dataset(np.random.rand(50, 4), label=np.random.rand(50)), num_boost_round=2)\nprint(booster.predict(np.random.rand(3, 6)))\n",
    "lgb-model-file": "import lightgbm as lgb\nlgb.Booster(model_file='models/ranker.txt')\n",
    # pydantic
    "pydantic-missing": "from pydantic import BaseModel\n\n\nclass RunConfig(BaseModel):\n    model: str\n    lr: float\n    warmup_steps: int\n\n\nRunConfig(model='tiny', lr='3e-4')\n",
    "pydantic-extra": "from pydantic import BaseModel, ConfigDict\n\n\nclass RunConfig(BaseModel):\n    model_config = ConfigDict(extra='forbid')\n    lr: float\n\n\nRunConfig(lr=0.1, learning_rate=0.1)\n",
    "pydantic-int-parse": "from pydantic import BaseModel\n\n\nclass Batch(BaseModel):\n    size: int\n\n\nBatch(size='32k')\n",
    "pydantic-validator": "from pydantic import BaseModel, field_validator\n\n\nclass Split(BaseModel):\n    train: float\n\n    @field_validator('train')\n    @classmethod\n    def fraction(cls, v):\n        if not 0 < v < 1:\n            raise ValueError('train fraction must be in (0, 1)')\n        return v\n\n\nSplit(train=80)\n",
    "pydantic-frozen": "from pydantic import BaseModel, ConfigDict\n\n\nclass Seed(BaseModel):\n    model_config = ConfigDict(frozen=True)\n    value: int\n\n\ns = Seed(value=1)\ns.value = 2\n",
    # msgpack / orjson
    "msgpack-extra-data": "import msgpack\nprint(msgpack.unpackb(msgpack.packb({'step': 1}) + b'\\x01'))\n",
    "msgpack-numpy": "import msgpack\nimport numpy as np\nmsgpack.packb({'loss': np.float32(0.5)})\n",
    "orjson-numpy": "import numpy as np\nimport orjson\nprint(orjson.dumps({'emb': np.zeros(3)}))\n",
    "orjson-decode": "import orjson\nprint(orjson.loads(b\"{'lr': 0.1}\"))\n",
    "orjson-int-key": "import orjson\nprint(orjson.dumps({0: 'cat', 1: 'dog'}))\n",
    # PyYAML edge cases
    "yaml-duplicate-anchor": "import yaml\nprint(yaml.safe_load('base: &cfg {lr: 1}\\nrun: *cfgg\\n'))\n",
    "yaml-multi-docs": "import yaml\nprint(yaml.safe_load('lr: 0.1\\n---\\nlr: 0.2\\n'))\n",
    "yaml-colon-value": "import yaml\nprint(yaml.safe_load('prompt: answer: yes\\n'))\n",
    "yaml-dump-numpy": "import numpy as np\nimport yaml\nprint(yaml.safe_dump({'lr': np.float64(0.1)}))\n",
    # requests to a closed local port
    "requests-refused": "import requests\nprint(requests.post('http://127.0.0.1:9/v1/embeddings', json={'input': 'hi'}, timeout=2).json())\n",
    "requests-invalid-url": "import requests\nprint(requests.get('localhost:8000/health', timeout=2))\n",
    "requests-json-html": "import http.server, threading, requests\n\n\nclass H(http.server.BaseHTTPRequestHandler):\n    def do_GET(self):\n        self.send_response(502)\n        self.end_headers()\n        self.wfile.write(b'<html>Bad Gateway</html>')\n\n    def log_message(self, *a):\n        pass\n\n\nsrv = http.server.HTTPServer(('127.0.0.1', 0), H)\nthreading.Thread(target=srv.serve_forever, daemon=True).start()\nprint(requests.get(f'http://127.0.0.1:{srv.server_port}/metrics', timeout=2).json())\n",
    "requests-raise-status": "import http.server, threading, requests\n\n\nclass H(http.server.BaseHTTPRequestHandler):\n    def do_GET(self):\n        self.send_response(429)\n        self.end_headers()\n\n    def log_message(self, *a):\n        pass\n\n\nsrv = http.server.HTTPServer(('127.0.0.1', 0), H)\nthreading.Thread(target=srv.serve_forever, daemon=True).start()\nrequests.get(f'http://127.0.0.1:{srv.server_port}/v1/score', timeout=2).raise_for_status()\n",
    # fsspec
    "fsspec-protocol": "import fsspec\nwith fsspec.open('gcs2://bucket/shards/train-000.jsonl') as f:\n    print(f.read())\n",
    "fsspec-local-missing": "import fsspec\nfs = fsspec.filesystem('file')\nprint(fs.cat('shards/val-000.jsonl'))\n",
    "fsspec-glob-empty": "import fsspec\nfiles = fsspec.open_files('shards/train-*.parquet')\nprint(files[0].path)\n",
    # tqdm misuse
    "tqdm-total-type": "from tqdm import tqdm\nfor _ in tqdm(range(3), total='3'):\n    pass\n",
    "tqdm-len-generator": "from tqdm import tqdm\nbar = tqdm(x for x in range(3))\nprint(len(bar))\n",
    # scipy.stats / signal / spatial (not v4's or v5's)
    "scipy-stats-ttest-nan": "from scipy import stats\nprint(stats.ttest_ind([1, 2], [3, 4], nan_policy='remove_all'))\n",
    "scipy-kdtree-dims": "import numpy as np\nfrom scipy.spatial import cKDTree\ntree = cKDTree(np.random.rand(10, 3))\nprint(tree.query(np.random.rand(2, 4)))\n",
    "scipy-signal-filtfilt": "import numpy as np\nfrom scipy import signal\nb, a = signal.butter(4, 0.2)\nprint(signal.filtfilt(b, a, np.zeros(10)))\n",
    "scipy-distance-metric": "import numpy as np\nfrom scipy.spatial.distance import cdist\nprint(cdist(np.zeros((2, 3)), np.zeros((2, 3)), metric='cosine_sim'))\n",
    # IPython and stdlib plumbing around experiments
    "ipython-magic-script": "from IPython import get_ipython\nget_ipython().run_line_magic('timeit', 'sum(range(10))')\n",
    "decimal-invalid": "from decimal import Decimal\nprint(Decimal('0.1 '.strip() + 'x'))\n",
    "fractions-zero": "from fractions import Fraction\nprint(Fraction(3, 0))\n",
    "statistics-empty": "import statistics\nprint(statistics.mean([]))\n",
    "zoneinfo-missing": "from zoneinfo import ZoneInfo\nprint(ZoneInfo('Europe/Tokio'))\n",
    "ipaddress-bad": "import ipaddress\nprint(ipaddress.ip_network('10.0.0.1/24'))\n",
    "shutil-same-file": "import shutil\nopen('best.ckpt', 'w').write('x')\nshutil.copyfile('best.ckpt', './best.ckpt')\n",
    "pathlib-relative": "from pathlib import Path\nprint(Path('runs/exp1').relative_to('/data/runs'))\n",
    "itertools-strict-zip": "prompts = ['a', 'b', 'c']\nanswers = ['x', 'y']\nprint(list(zip(prompts, answers, strict=True)))\n",
}
