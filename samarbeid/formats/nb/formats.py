# Bokmål writes dates and times as nynorsk does: "3. desember 2026 kl. 12.30".
from samarbeid.formats.nn.formats import *  # noqa: F403
