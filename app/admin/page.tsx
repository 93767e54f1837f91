import { requireStaff } from '@/lib/auth/require-staff';

export default async function KitchenOrdersPage() {
  await requireStaff();
  return <h1>Kitchen</h1>;
}
