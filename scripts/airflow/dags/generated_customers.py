"""One file generating one DAG per customer: DAG ids differ from the file name."""
import pendulum
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import DAG

for customer in ("acme", "globex"):
    with DAG(
        dag_id=f"generated_customer_{customer}",
        schedule="@daily",
        start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
        catchup=False,
        tags=["generated"],
        doc_md=__doc__,
    ):
        EmptyOperator(task_id="export")
