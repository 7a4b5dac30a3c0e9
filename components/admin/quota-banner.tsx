import Link from "next/link";

/** For app administrators, from 80 % of the monthly downstream quota on (warning colours); danger from 100 %. */
export function QuotaBanner({ status }: { status: { used: number; quota: number; percent: number } | null }) {
  if (!status) return null;
  const full = status.percent >= 100;
  return (
    <p
      role="status"
      data-testid="quota-banner"
      className={
        full
          ? "bg-danger-solid px-4 py-1.5 text-center text-sm font-medium text-white"
          : "border-b border-warning/50 bg-warning/15 px-4 py-1.5 text-center text-sm font-medium text-strong"
      }
    >
      {full
        ? "The monthly message quota is used up"
        : `${Math.floor(status.percent)} % of the monthly message quota is used`}
      : {status.used.toLocaleString("en-US")} of {status.quota.toLocaleString("en-US")} deliveries.{" "}
      <Link href="/admin" className="underline">
        Review the plan
      </Link>
    </p>
  );
}
