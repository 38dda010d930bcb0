"""Imports a module that only the source ships in its plugins folder: an import error on the target."""
import pendulum
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import DAG

from astro_helpers import OWNER_TEAM

with DAG(
    dag_id="needs_astro_helpers",
    schedule="@daily",
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    default_args={"owner": OWNER_TEAM},
    tags=["daily", "plugin"],
    doc_md=__doc__,
):
    EmptyOperator(task_id="noop")
