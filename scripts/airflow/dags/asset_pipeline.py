"""Two DAGs in one file linked by an asset: the consumer runs when the producer updates it."""
import pendulum
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import DAG, Asset

orders = Asset("file:///tmp/runbook/orders.parquet")

with DAG(
    dag_id="asset_producer",
    schedule="@daily",
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    tags=["asset"],
    doc_md=__doc__,
):
    EmptyOperator(task_id="publish", outlets=[orders])

with DAG(
    dag_id="asset_consumer",
    schedule=[orders],
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    tags=["asset"],
    doc_md=__doc__,
):
    EmptyOperator(task_id="consume")
